// capsule vars FILE|FINGERPRINT: the variables of each frame (--frame N for
// one, --filter NAME for the ones whose name contains NAME at any depth).
// capsule vars --by-name: every variable name across the repository, with an
// example value and the functions it appears in.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/expression.hpp"
#include "render/failure_site.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "render/variables.hpp"
#include "repo/merged_vars.hpp"
#include "repo/options.hpp"
#include "repo/value_paths.hpp"

namespace capsule::cli {
namespace {

struct VarsOptions : CommonOptions {
    std::string capsule;
    long frame = -1;  // -1: every frame
    long thread = -1;
    std::string filter;
    bool by_name = false;
    std::size_t limit = 200;
};

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// A variable whose own name matches is shown whole; otherwise its members
// are searched, and a match is shown under its full path.
void find_matches(const Variable& var, const std::string& path, const std::string& needle,
                  std::vector<PathedValue>& out) {
    if (lower(var.name).find(needle) != std::string::npos) {
        out.push_back({path, &var});
        return;
    }
    for (const Variable& child : var.children) find_matches(child, child_path(path, child), needle, out);
}

// The variables an assertion names come first in the failing frame.
std::vector<const Variable*> ordered(const Report& report, const Frame& frame, bool failing) {
    std::vector<const Variable*> order;
    for (const Variable& var : frame.vars) order.push_back(&var);
    if (!failing || report.assertion.expression.empty()) return order;
    const std::vector<std::string> named = expression_identifiers(report.assertion.expression);
    auto rank = [&](const Variable* var) {
        return static_cast<std::size_t>(std::find(named.begin(), named.end(), var->name) - named.begin());
    };
    std::stable_sort(order.begin(), order.end(), [&](const Variable* a, const Variable* b) { return rank(a) < rank(b); });
    return order;
}

std::string frame_title(std::size_t index, const Frame& frame, const Palette& p) {
    std::string text = "#" + std::to_string(index) + "  " + p.paint(Style::bold, printable(frame.function));
    if (!frame.file.empty())
        text += " at " + p.paint(Style::cyan, printable(frame.file) + (frame.line > 0 ? ":" + std::to_string(frame.line) : ""));
    if (frame.inlined) text += " " + p.paint(Style::magenta, "[inlined]");
    return text;
}

int one_capsule(const VarsOptions& options, const GlobalOptions& globals) {
    const Palette palette = stdout_palette(options);
    const LoadedCapsule loaded = load_capsule(options.capsule, repository_dir(options, globals));
    const Report& report = loaded.report;
    const Thread* thread = primary_thread(report);
    if (options.thread >= 0) {
        thread = nullptr;
        for (const Thread& t : report.threads)
            if (t.tid == options.thread) thread = &t;
        if (!thread) throw UsageError("no thread " + std::to_string(options.thread) + " in " + printable(loaded.path));
    }
    if (!thread) throw UsageError(printable(loaded.path) + " holds no thread");
    if (options.frame >= static_cast<long>(thread->frames.size()))
        throw UsageError("no frame " + std::to_string(options.frame) + ": thread " + std::to_string(thread->tid) +
                         " has " + std::to_string(thread->frames.size()) + " frames (0 to " +
                         std::to_string(static_cast<long>(thread->frames.size()) - 1) + ")");
    const Frame* failing = failing_frame(report, *thread);
    const std::string needle = lower(options.filter);

    struct Shown {
        std::size_t index;
        std::vector<PathedValue> vars;
    };
    std::vector<Shown> shown;
    for (std::size_t i = 0; i < thread->frames.size(); ++i) {
        if (options.frame >= 0 && static_cast<long>(i) != options.frame) continue;
        const Frame& frame = thread->frames[i];
        Shown s{i, {}};
        for (const Variable* var : ordered(report, frame, &frame == failing)) {
            if (needle.empty()) s.vars.push_back({var->name, var});
            else find_matches(*var, var->name, needle, s.vars);
        }
        // Without a filter, --frame N shows its frame even when it has no variables.
        if (!s.vars.empty() || (needle.empty() && options.frame >= 0)) shown.push_back(std::move(s));
    }
    const bool nothing = !needle.empty() && shown.empty();

    if (options.json) {
        ojson j;
        j["path"] = loaded.path;
        j["thread"] = thread->tid;
        ojson frames = ojson::array();
        for (const Shown& s : shown) {
            const Frame& frame = thread->frames[s.index];
            ojson f;
            f["index"] = s.index;
            f["function"] = frame.function;
            f["file"] = frame.file;
            f["line"] = frame.line;
            ojson vars = ojson::array();
            for (const PathedValue& v : s.vars) {
                ojson item;
                item["path"] = v.path;
                item.update(variable_json(*v.var));
                vars.push_back(std::move(item));
            }
            f["vars"] = std::move(vars);
            frames.push_back(std::move(f));
        }
        j["frames"] = std::move(frames);
        print_json(j, std::cout);
        return nothing ? exit_failure : exit_ok;
    }
    if (nothing) {
        std::cerr << "capsule: no variable matches \"" << printable(options.filter) << "\"\n";
        return exit_failure;
    }
    for (std::size_t k = 0; k < shown.size(); ++k) {
        const Frame& frame = thread->frames[shown[k].index];
        if (k > 0) std::cout << '\n';
        std::cout << frame_title(shown[k].index, frame, palette) << '\n';
        if (shown[k].vars.empty()) std::cout << "    " << palette.paint(Style::dim, "(no variables)") << '\n';
        for (const PathedValue& v : shown[k].vars) print_variable(*v.var, 4, palette, std::cout, -1, v.path);
    }
    return exit_ok;
}

int by_name(const VarsOptions& options, const GlobalOptions& globals) {
    if (!options.capsule.empty()) throw UsageError("vars --by-name reads the whole repository: give no CAPSULE");
    if (options.frame >= 0 || options.thread >= 0) throw UsageError("vars --by-name takes no --frame or --thread");
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const MergedVariables merged = merge_variables(repository, options.limit, lower(options.filter));
    for (const std::string& problem : merged.problems) std::cerr << "capsule: skipped " << printable(problem) << '\n';

    if (options.json) {
        ojson j;
        j["repository"] = repository;
        j["capsules_read"] = merged.capsules_read;
        j["capsules_skipped"] = merged.problems.size();
        ojson vars = ojson::array();
        for (const MergedVariable& var : merged.variables) {
            ojson item;
            item["name"] = var.name;
            item["example"] = {{"value", var.example.value}, {"type", var.example.type},
                               {"status", to_string(var.example.status)}, {"capsule", var.example_capsule}};
            item["types"] = var.types;
            item["functions"] = var.functions;
            item["occurrences"] = var.occurrences;
            item["capsules"] = var.capsules;
            vars.push_back(std::move(item));
        }
        j["variables"] = std::move(vars);
        print_json(j, std::cout);
        return exit_ok;
    }
    if (merged.capsules_read == 0 && merged.problems.empty()) {
        std::cerr << "capsule: no capsules in " << printable(repository) << '\n';
        return exit_ok;
    }
    if (merged.variables.empty() && !options.filter.empty()) {
        std::cerr << "capsule: no variable matches \"" << printable(options.filter) << "\"\n";
        return exit_failure;
    }
    for (const MergedVariable& var : merged.variables) {
        std::string line = variable_line(var.name, var.example, palette);
        line += "  " + palette.paint(Style::dim, "in " + std::to_string(var.capsules) +
                                                     (var.capsules == 1 ? " capsule" : " capsules"));
        std::cout << line << '\n';
        for (const std::string& function : var.functions) std::cout << "    " << printable(function) << '\n';
    }
    return exit_ok;
}

}  // namespace

Command add_vars_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<VarsOptions>();
    CLI::App* app = parent.add_subcommand("vars", "Variables per frame; --by-name: every name across the repository");
    app->add_option("CAPSULE", options->capsule, "A .capsule file, or a fingerprint prefix in the repository");
    add_common_options(app, *options);
    app->add_option("--frame", options->frame, "Only frame N (as numbered by stack)")
        ->type_name("N")
        ->check(whole_number());
    app->add_option("--thread", options->thread, "The thread with this id (default: the failing one)")
        ->type_name("TID");
    app->add_option("--filter", options->filter, "Only variables and members whose name contains NAME (any case)")
        ->type_name("NAME");
    app->add_flag("--by-name", options->by_name, "Merge the repository: each name, an example value, its functions");
    app->add_option("--limit", options->limit, "--by-name reads at most the N newest capsules (default 200)")
        ->type_name("N")
        ->check(whole_number());
    return Command{app, [options, &globals] {
                       if (options->by_name) return by_name(*options, globals);
                       if (options->capsule.empty()) throw UsageError("vars: CAPSULE is required (or --by-name)");
                       return one_capsule(*options, globals);
                   }};
}

}  // namespace capsule::cli

// capsule stack FILE|FINGERPRINT: every thread's frames as a tree. A frame
// that the compiler inlined hangs below the frame it was inlined into, and
// the failing frame shows its source lines.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/failure_site.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct StackOptions : CommonOptions {
    std::string capsule;
    long thread = -1;  // -1: every thread
    bool snippets = false;
};

// Frame i's parent in the tree: the frame it was inlined into (the next
// one), or -1 for a frame of its own.
std::vector<long> inlined_into(const Thread& thread) {
    std::vector<long> parent(thread.frames.size(), -1);
    for (std::size_t i = 0; i + 1 < thread.frames.size(); ++i)
        if (thread.frames[i].inlined) parent[i] = static_cast<long>(i + 1);
    return parent;
}

class StackPrinter {
public:
    StackPrinter(const Report& report, const StackOptions& options, const Palette& palette)
        : report_(report), options_(options), p_(palette) {}

    void thread(const Thread& thread) {
        std::string title = "Thread " + std::to_string(thread.tid);
        if (!thread.name.empty()) title += " \"" + printable(thread.name) + "\"";
        std::cout << p_.paint(Style::bold, title);
        if (thread.failing) std::cout << ' ' << p_.paint(Style::red, "(failing)");
        std::cout << '\n';
        failing_ = &thread == primary_thread(report_) ? failing_frame(report_, thread) : nullptr;

        // Roots are the frames not inlined into another; each one's inline
        // chain lies just before it, innermost first.
        const std::vector<long> parent = inlined_into(thread);
        std::vector<std::size_t> roots;
        for (std::size_t i = 0; i < thread.frames.size(); ++i)
            if (parent[i] < 0) roots.push_back(i);
        for (std::size_t r = 0; r < roots.size(); ++r) {
            const bool last = r + 1 == roots.size() && !thread.truncated;
            const std::size_t root = roots[r];
            std::string prefix = last ? "   " : "\u2502  ";
            frame(thread, root, last ? "\u2514\u2500 " : "\u251c\u2500 ", prefix);
            std::string indent = prefix;
            for (std::size_t i = root; i > 0 && parent[i - 1] == static_cast<long>(i); --i) {
                frame(thread, i - 1, indent + "\u2514\u2500 ", indent + "   ");
                indent += "   ";
            }
        }
        if (thread.truncated) std::cout << "\u2514\u2500 " << p_.paint(Style::yellow, "... more frames not captured") << '\n';
    }

private:
    void frame(const Thread& thread, std::size_t index, const std::string& branch, const std::string& below) {
        const Frame& f = thread.frames[index];
        const bool user = f.category == "user";
        std::string text = "#" + std::to_string(index) + "  ";
        const std::string function = f.function.empty() ? hex(f.pc) : printable(f.function);
        text += user ? p_.paint(Style::bold, function) : function;
        if (!f.file.empty()) {
            std::string where = printable(f.file) + (f.line > 0 ? ":" + std::to_string(f.line) : "");
            text += " at " + (user ? p_.paint(Style::cyan, where) : where);
        } else if (!f.module.empty()) {
            text += " in " + printable(f.module);
        }
        if (f.inlined) text += " " + p_.paint(Style::magenta, "[inlined]");
        if (!user && !f.category.empty()) text += "  [" + printable(f.category) + "]";
        std::cout << branch << (user || &f == failing_ ? text : p_.paint(Style::dim, text)) << '\n';
        if (&f == failing_ || options_.snippets) snippet(f, below);
    }

    void snippet(const Frame& frame, const std::string& below) {
        int widest = 0;
        for (const SourceLine& line : frame.snippet) widest = std::max(widest, line.line);
        const std::size_t width = std::to_string(widest).size();
        for (const SourceLine& line : frame.snippet) {
            std::string number = std::to_string(line.line);
            number.insert(0, width - std::min(width, number.size()), ' ');
            const bool here = line.line == frame.line;
            const std::string text = (here ? "> " : "  ") + number + " | " + printable(line.text, true);
            std::cout << below << "   " << (here ? p_.paint(Style::bold, text) : p_.paint(Style::dim, text)) << '\n';
        }
    }

    static std::string hex(std::uint64_t value) {
        char buffer[24];
        std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
        return buffer;
    }

    const Report& report_;
    const StackOptions& options_;
    const Palette& p_;
    const Frame* failing_ = nullptr;
};

ojson stack_json(const Report& report, const std::string& path, const std::vector<const Thread*>& threads,
                 bool snippets) {
    const ojson whole = report_json(report);
    ojson j;
    j["path"] = path;
    ojson array = ojson::array();
    for (const Thread* thread : threads) {
        const std::size_t t = static_cast<std::size_t>(thread - report.threads.data());
        const Frame* failing = thread == primary_thread(report) ? failing_frame(report, *thread) : nullptr;
        const std::vector<long> parent = inlined_into(*thread);
        ojson jt;
        jt["tid"] = thread->tid;
        jt["name"] = thread->name;
        jt["failing"] = thread->failing;
        jt["truncated"] = thread->truncated;
        ojson frames = ojson::array();
        for (std::size_t i = 0; i < thread->frames.size(); ++i) {
            ojson f = whole["threads"][t]["frames"][i];
            f.erase("vars");
            const bool is_failing = &thread->frames[i] == failing;
            if (!is_failing && !snippets) f["snippet"] = ojson::array();
            f["index"] = i;
            f["inlined_into"] = parent[i] < 0 ? ojson() : ojson(parent[i]);
            f["failing"] = is_failing;
            frames.push_back(std::move(f));
        }
        jt["frames"] = std::move(frames);
        array.push_back(std::move(jt));
    }
    j["threads"] = std::move(array);
    return j;
}

int stack(const StackOptions& options, const GlobalOptions& globals) {
    const Palette palette = stdout_palette(options);
    const LoadedCapsule loaded = load_capsule(options.capsule, repository_dir(options, globals));
    const Report& report = loaded.report;
    std::vector<const Thread*> threads;
    for (const Thread& thread : report.threads)
        if (options.thread < 0 || thread.tid == options.thread) threads.push_back(&thread);
    if (options.thread >= 0 && threads.empty())
        throw UsageError("no thread " + std::to_string(options.thread) + " in " + printable(loaded.path));
    // The failing thread first: it is the one the reader came for.
    std::stable_partition(threads.begin(), threads.end(),
                          [&](const Thread* t) { return t == primary_thread(report); });

    if (options.json) {
        print_json(stack_json(report, loaded.path, threads, options.snippets), std::cout);
        return exit_ok;
    }
    StackPrinter printer(report, options, palette);
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (i > 0) std::cout << '\n';
        printer.thread(*threads[i]);
    }
    return exit_ok;
}

}  // namespace

Command add_stack_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<StackOptions>();
    CLI::App* app = parent.add_subcommand("stack", "Frames of every thread as a tree, with the failing line");
    app->add_option("CAPSULE", options->capsule, "A .capsule file, or a fingerprint prefix in the repository")
        ->required();
    add_common_options(app, *options);
    app->add_option("--thread", options->thread, "Only the thread with this id")->type_name("TID");
    app->add_flag("--snippets", options->snippets, "Source lines for every frame that has them");
    return Command{app, [options, &globals] { return stack(*options, globals); }};
}

}  // namespace capsule::cli

// capsule diff A B: two capsules side by side. Exit 0 when they show the
// same failure with the same values, 1 when anything differs (as diff does).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "render/table.hpp"
#include "repo/capsule_diff.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct DiffOptions : CommonOptions {
    std::string a;
    std::string b;
};

std::string title(const Report& r) {
    std::string text = r.kind.empty() ? "failure" : r.kind;
    if (!r.test.full_name.empty()) text += " in " + r.test.full_name;
    if (!r.exception.type.empty()) text += " (" + r.exception.type + ")";
    else if (!r.signal.name.empty()) text += " (" + r.signal.name + ")";
    return text;
}

ojson side_json(const LoadedCapsule& c) {
    return {{"path", c.path},          {"kind", c.report.kind},        {"test", c.report.test.full_name},
            {"time", c.report.time},   {"fingerprint", c.report.fingerprint},
            {"exception", c.report.exception.type}, {"signal", c.report.signal.name}};
}

ojson diff_json(const LoadedCapsule& a, const LoadedCapsule& b, const CapsuleDiff& diff) {
    ojson j;
    j["a"] = side_json(a);
    j["b"] = side_json(b);
    j["same_fingerprint"] = diff.same_fingerprint;
    ojson removed = ojson::array(), added = ojson::array(), frames = ojson::array();
    for (const UnpairedFrame& f : diff.removed) removed.push_back({{"index", f.index}, {"function", f.function}});
    for (const UnpairedFrame& f : diff.added) added.push_back({{"index", f.index}, {"function", f.function}});
    for (const FramePair& pair : diff.pairs) {
        ojson changes = ojson::array();
        for (const ValueChange& c : pair.changes)
            changes.push_back({{"path", c.path}, {"a", c.in_a ? ojson(c.a) : ojson()}, {"b", c.in_b ? ojson(c.b) : ojson()}});
        frames.push_back({{"function", pair.function}, {"a_index", pair.a_index}, {"b_index", pair.b_index},
                          {"changes", std::move(changes)}});
    }
    j["frames_removed"] = std::move(removed);
    j["frames_added"] = std::move(added);
    j["frames"] = std::move(frames);
    j["different"] = diff.differs();
    return j;
}

int diff(const DiffOptions& options, const GlobalOptions& globals) {
    const Palette p = stdout_palette(options);
    const std::string repository = repository_dir(options, globals);
    const LoadedCapsule a = load_capsule(options.a, repository);
    const LoadedCapsule b = load_capsule(options.b, repository);
    const CapsuleDiff d = diff_capsules(a.report, b.report);
    const int code = d.differs() ? exit_failure : exit_ok;
    if (options.json) {
        print_json(diff_json(a, b, d), std::cout);
        return code;
    }

    for (const auto& [label, side] : {std::pair{"A", &a}, std::pair{"B", &b}}) {
        std::cout << p.paint(Style::bold, label) << "  " << printable(side->path) << '\n'
                  << "   " << printable(title(side->report)) << "  " << p.paint(Style::dim, printable(side->report.time))
                  << "  " << p.paint(Style::yellow, printable(side->report.fingerprint.substr(0, 12))) << '\n';
    }
    std::cout << '\n';
    if (d.same_fingerprint)
        std::cout << "same fingerprint " << p.paint(Style::yellow, printable(a.report.fingerprint.substr(0, 12))) << '\n';
    else
        std::cout << p.paint(Style::red, "different fingerprints") << '\n';

    if (d.removed.empty() && d.added.empty()) {
        std::cout << "same frames (" << d.pairs.size() << ")\n";
    } else {
        std::cout << "frames: " << d.removed.size() << " only in A, " << d.added.size() << " only in B\n";
        for (const UnpairedFrame& f : d.removed)
            std::cout << p.paint(Style::red, "  - A #" + std::to_string(f.index) + "  " + printable(f.function)) << '\n';
        for (const UnpairedFrame& f : d.added)
            std::cout << p.paint(Style::green, "  + B #" + std::to_string(f.index) + "  " + printable(f.function)) << '\n';
    }
    bool any_change = false;
    for (const FramePair& pair : d.pairs) {
        if (pair.changes.empty()) continue;
        any_change = true;
        std::cout << '\n'
                  << p.paint(Style::bold, printable(pair.function)) << "  "
                  << p.paint(Style::dim, "(A #" + std::to_string(pair.a_index) + ", B #" + std::to_string(pair.b_index) + ")")
                  << '\n';
        Table table({{"  VARIABLE", 60}, {"A", 60}, {"B", 60}});
        for (const ValueChange& c : pair.changes)
            table.add({"  " + c.path, c.in_a ? c.a : "(none)", c.in_b ? c.b : "(none)"});
        table.print(std::cout, p);
    }
    if (!any_change) std::cout << "no values differ in the frames both have\n";
    return code;
}

}  // namespace

Command add_diff_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* app = parent.add_subcommand(
        "diff", "Compare two capsules: fingerprint, frames, differing values (exit 1 when they differ)");
    app->add_option("A", options->a, "A .capsule file, or a fingerprint prefix in the repository")->required();
    app->add_option("B", options->b, "The other one")->required();
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return diff(*options, globals); }};
}

}  // namespace capsule::cli

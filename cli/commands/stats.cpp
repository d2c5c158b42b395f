// capsule stats: how much the repository holds and which failures recur.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "capsule/repository.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/entries.hpp"
#include "render/printable.hpp"
#include "render/table.hpp"
#include "repo/groups.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct StatsOptions : CommonOptions {
    std::size_t top = 5;
};

struct Recurring {
    const IndexEntry* newest;
    long count;
};

int stats(const StatsOptions& options, const GlobalOptions& globals) {
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const IndexContents index = read_index(repository);
    const auto counts = failure_counts(index.entries);

    std::map<std::string, long> kinds;
    for (const IndexEntry& entry : index.entries) ++kinds[entry.kind.empty() ? "unknown" : entry.kind];
    // Oldest and newest by their times; an unparsable time does not compete.
    const IndexEntry* oldest = nullptr;
    const IndexEntry* newest = nullptr;
    std::time_t oldest_time = 0, newest_time = 0;
    for (const IndexEntry& entry : index.entries) {
        std::time_t when = 0;
        if (!parse_capsule_time(entry.time, when)) continue;
        if (!oldest || when < oldest_time) oldest = &entry, oldest_time = when;
        if (!newest || when >= newest_time) newest = &entry, newest_time = when;
    }
    std::vector<Recurring> failures;
    for (const IndexEntry* entry : newest_first(index.entries, true, 0))
        failures.push_back({entry, counts.at(failure_key(*entry))});
    std::stable_sort(failures.begin(), failures.end(),
                     [](const Recurring& a, const Recurring& b) { return a.count > b.count; });
    if (options.top != 0 && failures.size() > options.top) failures.resize(options.top);

    if (options.json) {
        ojson j;
        j["repository"] = repository;
        j["capsules"] = index.entries.size();
        j["unique_fingerprints"] = counts.size();
        j["by_kind"] = kinds;
        j["oldest"] = oldest ? entry_json(*oldest, repository) : ojson();
        j["newest"] = newest ? entry_json(*newest, repository) : ojson();
        ojson top = ojson::array();
        for (const Recurring& f : failures) top.push_back(entry_json(*f.newest, repository, f.count));
        j["top_fingerprints"] = std::move(top);
        j["skipped_lines"] = index.skipped_lines;
        print_json(j, std::cout);
        return exit_ok;
    }
    if (index.entries.empty()) {
        std::cerr << "capsule: no capsules in " << printable(repository) << '\n';
        return exit_ok;
    }
    auto field = [&](const std::string& label, const std::string& value) {
        std::string padded = label;
        padded.resize(std::max<std::size_t>(label.size() + 1, 20), ' ');
        std::cout << palette.paint(Style::dim, padded) << value << '\n';
    };
    field("capsules", std::to_string(index.entries.size()));
    field("unique fingerprints", std::to_string(counts.size()));
    std::string by_kind;
    for (const auto& [kind, count] : kinds) by_kind += (by_kind.empty() ? "" : ", ") + printable(kind) + " " + std::to_string(count);
    field("by kind", by_kind);
    if (oldest) field("oldest", display_time(oldest->time) + "  " + printable(oldest->test));
    if (newest) field("newest", display_time(newest->time) + "  " + printable(newest->test));
    if (index.skipped_lines != 0) field("damaged lines", std::to_string(index.skipped_lines) + " (ignored)");
    std::cout << '\n' << palette.paint(Style::bold, "Top fingerprints") << '\n';
    Table table({{"COUNT", 8, true}, {"FINGERPRINT", 12, false, Style::yellow, true}, {"KIND", 12},
                 {"TEST", 60}, {"FUNCTION", 60}});
    for (const Recurring& f : failures)
        table.add({std::to_string(f.count), f.newest->fingerprint.substr(0, 12), f.newest->kind, f.newest->test,
                   f.newest->function});
    table.print(std::cout, palette);
    return exit_ok;
}

}  // namespace

Command add_stats_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<StatsOptions>();
    CLI::App* app = parent.add_subcommand("stats", "Totals, unique failures, the most frequent ones, oldest and newest");
    add_common_options(app, *options);
    app->add_option("--top", options->top, "How many of the most frequent failures (default 5; 0: all)")
        ->type_name("N");
    return Command{app, [options, &globals] { return stats(*options, globals); }};
}

}  // namespace capsule::cli

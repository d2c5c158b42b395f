// capsule list: what the repository holds, newest first. One row per failure
// (fingerprint) with how many capsules it has; every capsule with --all.
#include <CLI/CLI.hpp>

#include <iostream>
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

struct ListOptions : CommonOptions {
    bool all = false;
    std::size_t limit = 0;
};

int list(const ListOptions& options, const GlobalOptions& globals) {
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const IndexContents index = read_index(repository);
    const auto counts = failure_counts(index.entries);
    const std::vector<const IndexEntry*> rows = newest_first(index.entries, !options.all, options.limit);

    if (options.json) {
        ojson j;
        j["repository"] = repository;
        ojson capsules = ojson::array();
        for (const IndexEntry* entry : rows)
            capsules.push_back(entry_json(*entry, repository, counts.at(failure_key(*entry))));
        j["capsules"] = std::move(capsules);
        j["skipped_lines"] = index.skipped_lines;
        print_json(j, std::cout);
        return exit_ok;
    }
    if (rows.empty()) {
        std::cerr << "capsule: no capsules in " << printable(repository) << '\n';
        return exit_ok;
    }
    std::vector<Column> columns{{"TIME", 19}, {"KIND", 12}, {"TEST", 60},
                                {"FINGERPRINT", 12, false, Style::yellow, true}, {"COUNT", 8, true}};
    if (options.all) columns.push_back({"PATH", 200});
    Table table(columns);
    for (const IndexEntry* entry : rows)
        table.add({display_time(entry->time), entry->kind, entry->test, entry->fingerprint.substr(0, 12),
                   std::to_string(counts.at(failure_key(*entry))), entry->path});
    table.print(std::cout, palette);
    return exit_ok;
}

}  // namespace

Command add_list_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<ListOptions>();
    CLI::App* app = parent.add_subcommand("list", "List the failures in the repository, newest first");
    add_common_options(app, *options);
    app->add_flag("--all", options->all, "One row per capsule, not per failure");
    app->add_option("--limit", options->limit, "At most N rows")
        ->type_name("N")
        ->check(whole_number());
    return Command{app, [options, &globals] { return list(*options, globals); }};
}

}  // namespace capsule::cli

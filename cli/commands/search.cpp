// capsule search TERM: the capsules whose test name, kind, exception type or
// signal, or innermost user function contains TERM (any case), or whose
// fingerprint starts with it. Exit 0 with matches, 1 without (as grep does).
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

struct SearchOptions : CommonOptions {
    std::string term;
    std::size_t limit = 0;
};

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// The fields that matched, for the reader to see why a row is there.
std::vector<std::string> matches(const IndexEntry& entry, const std::string& term) {
    std::vector<std::string> fields;
    auto contains = [&](const std::string& text) { return lower(text).find(term) != std::string::npos; };
    if (contains(entry.test)) fields.push_back("test");
    if (contains(entry.kind)) fields.push_back("kind");
    if (contains(entry.cause)) fields.push_back("cause");
    if (lower(entry.fingerprint).rfind(term, 0) == 0) fields.push_back("fingerprint");
    if (contains(entry.function)) fields.push_back("function");
    return fields;
}

int search(const SearchOptions& options, const GlobalOptions& globals) {
    if (options.term.empty()) throw UsageError("search: TERM is empty");
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const IndexContents index = read_index(repository);
    const auto counts = failure_counts(index.entries);
    const std::string term = lower(options.term);

    struct Hit {
        const IndexEntry* entry;
        std::vector<std::string> fields;
    };
    std::vector<Hit> hits;
    for (const IndexEntry* entry : newest_first(index.entries, false, 0)) {
        if (options.limit != 0 && hits.size() >= options.limit) break;
        std::vector<std::string> fields = matches(*entry, term);
        if (!fields.empty()) hits.push_back({entry, std::move(fields)});
    }

    if (options.json) {
        ojson j;
        j["repository"] = repository;
        j["term"] = options.term;
        ojson array = ojson::array();
        for (const Hit& hit : hits) {
            ojson item = entry_json(*hit.entry, repository, counts.at(failure_key(*hit.entry)));
            item["matched"] = hit.fields;
            array.push_back(std::move(item));
        }
        j["capsules"] = std::move(array);
        print_json(j, std::cout);
        return hits.empty() ? exit_failure : exit_ok;
    }
    if (hits.empty()) {
        std::cerr << "capsule: nothing in " << printable(repository) << " matches \"" << printable(options.term)
                  << "\"\n";
        return exit_failure;
    }
    Table table({{"TIME", 19}, {"KIND", 12}, {"TEST", 50}, {"FUNCTION", 50},
                 {"FINGERPRINT", 12, false, Style::yellow, true}, {"MATCHED", 40}});
    for (const Hit& hit : hits) {
        std::string fields;
        for (const std::string& field : hit.fields) fields += (fields.empty() ? "" : ",") + field;
        table.add({display_time(hit.entry->time), hit.entry->kind, hit.entry->test, hit.entry->function,
                   hit.entry->fingerprint.substr(0, 12), fields});
    }
    table.print(std::cout, palette);
    return exit_ok;
}

}  // namespace

Command add_search_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<SearchOptions>();
    CLI::App* app = parent.add_subcommand(
        "search", "Find capsules by test, kind, exception or signal, function, or fingerprint prefix "
                  "(exit 1 when nothing matches)");
    app->add_option("TERM", options->term, "Text to look for (any case)")->required();
    add_common_options(app, *options);
    app->add_option("--limit", options->limit, "At most N rows")
        ->type_name("N")
        ->check(whole_number());
    return Command{app, [options, &globals] { return search(*options, globals); }};
}

}  // namespace capsule::cli

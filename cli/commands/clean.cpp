// capsule clean: retention. Deletes capsules older than max_days and beyond
// the newest max_capsules (from .capsule.yaml's `retention:` or the flags),
// rewrites the index without them, and deletes the hidden files of writers
// killed mid-write.
#include <CLI/CLI.hpp>

#include <ctime>
#include <iostream>
#include <memory>

#include "capsule/config.hpp"
#include "capsule/repository.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/entries.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct CleanOptions : CommonOptions {
    int max_days = -1;  // -1: from the configuration
    int max_capsules = -1;
    bool dry_run = false;
};

RunOptions::Retention retention(const CleanOptions& options) {
    std::vector<ConfigWarning> warnings;
    RunOptions::Retention policy = resolve_options(RunOptions{}, warnings).retention;
    for (const ConfigWarning& warning : warnings)
        std::cerr << "capsule: warning: " << printable(warning.source) << ": " << printable(warning.message) << '\n';
    if (options.max_days >= 0) policy.max_days = options.max_days;
    if (options.max_capsules >= 0) policy.max_capsules = options.max_capsules;
    return policy;
}

std::string policy_text(const RunOptions::Retention& policy) {
    std::string text;
    if (policy.max_days > 0) text += "older than " + std::to_string(policy.max_days) + " days";
    if (policy.max_capsules > 0)
        text += (text.empty() ? "" : ", or ") + std::string("beyond the newest ") + std::to_string(policy.max_capsules);
    return text;
}

int clean(const CleanOptions& options, const GlobalOptions& globals) {
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const RunOptions::Retention policy = retention(options);
    const CleanResult result = clean_repository(repository, policy, std::time(nullptr), options.dry_run);

    if (options.json) {
        ojson j;
        j["repository"] = repository;
        j["dry_run"] = options.dry_run;
        j["max_days"] = policy.max_days;
        j["max_capsules"] = policy.max_capsules;
        ojson removed = ojson::array(), missing = ojson::array();
        for (const IndexEntry& entry : result.removed) removed.push_back(entry_json(entry, repository));
        for (const IndexEntry& entry : result.missing) missing.push_back(entry_json(entry, repository));
        j["removed"] = std::move(removed);
        j["missing"] = std::move(missing);
        j["kept"] = result.kept.size();
        ojson leftovers = ojson::array();
        for (const std::string& relative : result.leftovers) leftovers.push_back(repository + "/" + relative);
        j["leftovers"] = std::move(leftovers);
        print_json(j, std::cout);
        return exit_ok;
    }
    if (policy.max_days == 0 && policy.max_capsules == 0)
        std::cerr << "capsule: no retention set (retention.max_days, retention.max_capsules in .capsule.yaml, "
                     "or --max-days, --max-capsules): nothing is too old\n";
    if (result.removed.empty() && result.missing.empty() && result.kept.empty())
        std::cerr << "capsule: no capsules in " << printable(repository) << '\n';
    const std::string verb = options.dry_run ? "would remove " : "removed ";
    for (const IndexEntry& entry : result.removed)
        std::cout << verb << printable(entry_path(repository, entry)) << '\n';
    for (const IndexEntry& entry : result.missing)
        std::cout << (options.dry_run ? "would forget " : "forgot ") << printable(entry_path(repository, entry))
                  << palette.paint(Style::dim, " (file was gone)") << '\n';
    for (const std::string& relative : result.leftovers)
        std::cout << verb << printable(repository + "/" + relative)
                  << palette.paint(Style::dim, " (left by an interrupted write)") << '\n';
    std::string summary = (options.dry_run ? "would remove " : "removed ") + std::to_string(result.removed.size()) +
                          ", kept " + std::to_string(result.kept.size());
    if (const std::string text = policy_text(policy); !text.empty()) summary += " (" + text + ")";
    std::cout << palette.paint(Style::bold, summary) << '\n';
    if (const std::size_t n = result.leftovers.size(); n > 0)
        std::cout << verb << n << (n == 1 ? " file" : " files") << " left by interrupted writes\n";
    return exit_ok;
}

}  // namespace

Command add_clean_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<CleanOptions>();
    CLI::App* app = parent.add_subcommand("clean", "Apply retention: delete capsules by age and by count");
    add_common_options(app, *options);
    app->add_option("--max-days", options->max_days, "Delete capsules older than N days (0: no limit)")
        ->type_name("N")
        ->check(whole_number());
    app->add_option("--max-capsules", options->max_capsules, "Keep only the newest N capsules (0: no limit)")
        ->type_name("N")
        ->check(whole_number());
    app->add_flag("--dry-run", options->dry_run, "Only say what would be deleted");
    return Command{app, [options, &globals] { return clean(*options, globals); }};
}

}  // namespace capsule::cli

// capsule ci bundle|diff|merge: the CI step. The work is in ci/; this file
// maps the command line onto it and bad input onto exit code 2.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "capsule/repository.hpp"
#include "ci/bundle.hpp"
#include "ci/diff.hpp"
#include "ci/fs.hpp"
#include "ci/junit.hpp"
#include "ci/merge.hpp"
#include "commands/command.hpp"
#include "errors.hpp"

namespace capsule::cli {
namespace {

struct DiffOptions {
    std::string base;
    std::string head;
    std::string workspace;
    std::string format = "markdown";
    std::string markdown_out;
    std::string json_out;
    std::string fail_on = "new";
};

int diff(const DiffOptions& options) {
    const std::string workspace = ci::resolve_workspace(options.workspace);
    ci::DiffSide head;
    try {
        head = ci::load_side(options.head, workspace, true);
    } catch (const std::exception& e) {
        throw UsageError(std::string("head: ") + e.what());
    }
    const ci::DiffSide base = ci::load_side(options.base, workspace, false);
    const ci::DiffResult result = ci::diff_sides(base, head);
    const std::string markdown = ci::diff_markdown(result);
    const std::string json = ci::diff_json(result);
    if (!options.markdown_out.empty()) ci::write_file(options.markdown_out, markdown);
    if (!options.json_out.empty()) ci::write_file(options.json_out, json);
    std::cout << (options.format == "json" ? json : markdown);
    if (!result.base_known) std::cerr << "capsule: base unknown: " << result.base_reason << '\n';
    return options.fail_on == "new" && !result.added.empty() ? exit_failure : exit_ok;
}

// A missing or malformed report is bad input, like a missing capsule file.
template <typename F>
int bad_input_is_usage(F&& f) {
    try {
        return f();
    } catch (const ci::JunitError& e) {
        throw UsageError(e.what());
    }
}

}  // namespace

Command add_ci_command(CLI::App& parent, const GlobalOptions& globals) {
    CLI::App* app = parent.add_subcommand("ci", "The CI step: bundle a run's capsules with its JUnit, diff runs, merge legs");
    app->require_subcommand(1);

    auto bundle = std::make_shared<ci::BundleOptions>();
    CLI::App* b = app->add_subcommand("bundle", "Annotate JUnit reports with capsules and write an artifacts directory");
    b->add_option("--junit", bundle->junit, "JUnit XML from ctest, GoogleTest or Catch2 (repeatable)")
        ->type_name("FILE")->required();
    b->add_option("--repo", bundle->repo, "Capsule repository, or a directory of them (default: --repo, $CAPSULE_DIR, ./capsules)")
        ->type_name("DIR");
    b->add_option("--out", bundle->out, "Artifacts directory to write")->type_name("DIR")->required();
    b->add_option("--base", bundle->base, "Base branch's bundle or repository: new failures are annotated first")
        ->type_name("DIR");
    b->add_option("--workspace", bundle->workspace, "Paths are made relative to it (default: $GITHUB_WORKSPACE, .)")
        ->type_name("DIR");
    b->add_option("--leg", bundle->leg, "Name of this matrix leg (default: $CAPSULE_LEG)");
    b->add_flag("--fail-on-capsules", bundle->fail_on_capsules, "Exit 1 when there is any capsule");
    b->add_option("--max-annotations", bundle->max_annotations, "GitHub error annotations to print (GitHub keeps 10 per step)");

    auto diff_options = std::make_shared<DiffOptions>();
    CLI::App* d = app->add_subcommand("diff", "Failures of HEAD's run against BASE's: new, fixed, persisting");
    d->add_option("--base", diff_options->base, "Base run: a bundle (bundle.json) or a capsule repository")
        ->type_name("DIR")->required();
    d->add_option("--head", diff_options->head, "This run: a bundle or a capsule repository")
        ->type_name("DIR")->required();
    d->add_option("--format", diff_options->format, "What to print")->check(CLI::IsMember({"markdown", "json"}));
    d->add_option("--markdown-out", diff_options->markdown_out, "Also write the markdown here")->type_name("FILE");
    d->add_option("--json-out", diff_options->json_out, "Also write the JSON here")->type_name("FILE");
    d->add_option("--fail-on", diff_options->fail_on, "Exit 1 on new fingerprints (new) or never")
        ->check(CLI::IsMember({"new", "never"}));
    d->add_option("--workspace", diff_options->workspace, "Paths are made relative to it")->type_name("DIR");

    auto merge = std::make_shared<ci::MergeOptions>();
    CLI::App* m = app->add_subcommand("merge", "Combine the bundles of several matrix legs into one");
    m->add_option("BUNDLE", merge->bundles, "Bundles written by ci bundle")->required();
    m->add_option("--out", merge->out, "Merged bundle to write")->type_name("DIR")->required();

    const GlobalOptions* g = &globals;
    return Command{app, [=] {
                       if (b->parsed()) {
                           ci::BundleOptions o = *bundle;
                           if (o.repo.empty()) o.repo = !g->repo.empty() ? g->repo : default_repository();
                           return bad_input_is_usage([&] { return ci::run_bundle(o); });
                       }
                       if (d->parsed()) return diff(*diff_options);
                       return ci::run_merge(*merge);
                   }};
}

}  // namespace capsule::cli

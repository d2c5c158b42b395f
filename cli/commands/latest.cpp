// capsule latest: the newest capsule in the repository, shown as `show` shows
// it; --path prints only where it is (for scripts: less $(capsule latest --path)).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "render/text.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct LatestOptions : CommonOptions {
    bool path_only = false;
};

int latest(const LatestOptions& options, const GlobalOptions& globals) {
    const std::string repository = repository_dir(options, globals);
    const Palette palette = stdout_palette(options);
    const std::string path = latest_capsule(repository);
    if (path.empty()) throw UsageError("no capsules in " + printable(repository));
    if (options.path_only) {
        if (options.json) print_json(ojson{{"path", path}}, std::cout);
        else std::cout << path << '\n';
        return exit_ok;
    }
    const Report report = read_capsule(path);
    if (options.json) {
        std::cout << report_to_json(report, 2) << '\n';
        return exit_ok;
    }
    std::cout << palette.paint(Style::dim, printable(path)) << '\n';
    render_text(report, palette, std::cout);
    return exit_ok;
}

}  // namespace

Command add_latest_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<LatestOptions>();
    CLI::App* app = parent.add_subcommand("latest", "Show the newest capsule in the repository");
    add_common_options(app, *options);
    app->add_flag("--path", options->path_only, "Print only its path");
    return Command{app, [options, &globals] { return latest(*options, globals); }};
}

}  // namespace capsule::cli

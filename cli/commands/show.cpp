// capsule show FILE|FINGERPRINT [--json]: one capsule, for a person or for a
// program. A fingerprint prefix names the newest capsule of that failure in
// the repository.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "capsule/file.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/color.hpp"
#include "render/text.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct ShowOptions : CommonOptions {
    std::string file;
};

int show(const ShowOptions& options, const GlobalOptions& globals) {
    const ColorMode mode = parse_color_mode(options.color);
    const Report report = load_capsule(options.file, repository_dir(options, globals)).report;
    if (options.json) {
        std::cout << report_to_json(report, 2) << '\n';
        return exit_ok;
    }
    const Palette palette(use_color(mode, STDOUT_FILENO));
    render_text(report, palette, std::cout);
    return exit_ok;
}

}  // namespace

Command add_show_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<ShowOptions>();
    CLI::App* app = parent.add_subcommand("show", "Print a capsule: the failure, its frames and variables");
    app->add_option("FILE", options->file, "A .capsule file, or a fingerprint prefix in the repository")->required();
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return show(*options, globals); }};
}

}  // namespace capsule::cli

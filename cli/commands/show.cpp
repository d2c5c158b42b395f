// capsule show FILE [--json]: one capsule, for a person or for a program.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "capsule/file.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/color.hpp"
#include "render/text.hpp"

namespace capsule::cli {
namespace {

struct ShowOptions {
    std::string file;
    bool json = false;
    std::string color = "auto";
};

int show(const ShowOptions& options) {
    const ColorMode mode = parse_color_mode(options.color);
    const Report report = read_capsule(options.file);
    if (options.json) {
        std::cout << report_to_json(report, 2) << '\n';
        return exit_ok;
    }
    const Palette palette(use_color(mode, STDOUT_FILENO));
    render_text(report, palette, std::cout);
    return exit_ok;
}

}  // namespace

Command add_show_command(CLI::App& parent, const GlobalOptions&) {
    auto options = std::make_shared<ShowOptions>();
    CLI::App* app = parent.add_subcommand("show", "Print a capsule: the failure, its frames and variables");
    app->add_option("FILE", options->file, "The .capsule file")->required();
    app->add_flag("--json", options->json, "Print the whole capsule as JSON instead");
    app->add_option("--color", options->color, "Colour: auto (a terminal without NO_COLOR), always, never")
        ->type_name("WHEN");
    return Command{app, [options] { return show(*options); }};
}

}  // namespace capsule::cli

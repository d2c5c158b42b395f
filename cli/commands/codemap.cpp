// capsule codemap BINARY: the program's source files, namespaces, classes
// and functions with their signatures, declarations and calls, from its
// debug info, as JSON. With filters that leave nothing, exit 1 (as grep).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "capsule/codemap.hpp"
#include "codemap/codemap_json.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/color.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

// --repo, --json and --color are taken as by every command, so that scripts
// can pass them alike; the map is JSON either way, reads no repository and
// has no colour.
struct CodeMapOptions : CommonOptions {
    std::string binary;
    codemap::Options map;
};

int code_map(const CodeMapOptions& options) {
    parse_color_mode(options.color);  // a wrong value is still a usage error
    codemap::CodeMap map;
    try {
        map = codemap::build_code_map(options.binary, options.map);
    } catch (const codemap::BinaryError& e) {
        throw UsageError(e.what());
    }
    print_json(code_map_json(map, options.map.include_source), std::cout);
    const bool filtered = !options.map.file_filters.empty() || !options.map.name_filters.empty();
    return filtered && map.files.empty() ? exit_failure : exit_ok;
}

}  // namespace

Command add_codemap_command(CLI::App& parent, const GlobalOptions&) {
    auto options = std::make_shared<CodeMapOptions>();
    CLI::App* app = parent.add_subcommand(
        "codemap", "Source files, namespaces, classes and functions of a program, with calls, as JSON");
    app->add_option("BINARY", options->binary, "A program or library built with -g")->required();
    app->add_option("--filter-file", options->map.file_filters,
                    "Only source files whose path contains S (a glob when S has * ? [)")
        ->type_name("S")
        ->take_all();
    app->add_option("--filter-name", options->map.name_filters,
                    "Only functions and classes whose qualified name contains S")
        ->type_name("S")
        ->take_all();
    app->add_flag("--include-source", options->map.include_source, "Add each function's source lines");
    add_common_options(app, *options);
    return Command{app, [options] { return code_map(*options); }};
}

}  // namespace capsule::cli

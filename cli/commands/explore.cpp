// capsule explore FILE|FINGERPRINT: walk the captured values as an object
// graph. Commands come from stdin, one per line, so a script can drive it;
// the prompt appears only when stdin is a terminal. Exit 0 at the end of
// input, or 2 when input that is not a terminal had a failing command (a
// script wants to know).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/printable.hpp"
#include "repo/explorer.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct ExploreOptions : CommonOptions {
    std::string capsule;
};

int explore(const ExploreOptions& options, const GlobalOptions& globals) {
    const Palette palette = stdout_palette(options);
    const LoadedCapsule loaded = load_capsule(options.capsule, repository_dir(options, globals));
    const bool interactive = ::isatty(STDIN_FILENO) == 1;
    Explorer explorer(loaded.report, palette, options.json, std::cout);
    if (interactive && !options.json)
        std::cout << printable(loaded.path) << ": " << loaded.report.threads.size() << " thread(s); type help\n";

    bool failed = false;
    std::string line;
    while (!explorer.finished()) {
        if (interactive) std::cout << palette.paint(Style::bold, "capsule> ") << std::flush;
        if (!std::getline(std::cin, line)) break;
        if (!explorer.execute(line)) failed = true;
        // Each answer is complete before the next line is read: a program
        // talking to us through pipes can wait for it.
        std::cout.flush();
    }
    if (interactive) std::cout << '\n';
    return failed && !interactive ? exit_bad_input : exit_ok;
}

}  // namespace

Command add_explore_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<ExploreOptions>();
    CLI::App* app = parent.add_subcommand(
        "explore", "Walk the captured values as an object graph; commands on stdin (try: echo help | capsule explore F)");
    app->add_option("CAPSULE", options->capsule, "A .capsule file, or a fingerprint prefix in the repository")
        ->required();
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return explore(*options, globals); }};
}

}  // namespace capsule::cli

// What every subcommand shares: the global options, and the shape in which it
// hands main() the work to do once the command line is parsed.
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace capsule::cli {

struct GlobalOptions {
    std::string repo;  // --repo DIR: where capsules are collected (later commands)
};

struct Command {
    CLI::App* app = nullptr;      // the subcommand, to tell which one was chosen
    std::function<int()> run;     // returns the exit code; throws on bad input
};

// One function per command, each in its own file under commands/.
Command add_show_command(CLI::App& parent, const GlobalOptions& globals);

}  // namespace capsule::cli

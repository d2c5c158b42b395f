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
// The repository and the capsules in it.
Command add_list_command(CLI::App& parent, const GlobalOptions& globals);
Command add_latest_command(CLI::App& parent, const GlobalOptions& globals);
Command add_search_command(CLI::App& parent, const GlobalOptions& globals);
Command add_stats_command(CLI::App& parent, const GlobalOptions& globals);
Command add_clean_command(CLI::App& parent, const GlobalOptions& globals);
Command add_stack_command(CLI::App& parent, const GlobalOptions& globals);
Command add_vars_command(CLI::App& parent, const GlobalOptions& globals);
Command add_env_command(CLI::App& parent, const GlobalOptions& globals);
Command add_fingerprint_command(CLI::App& parent, const GlobalOptions& globals);
Command add_diff_command(CLI::App& parent, const GlobalOptions& globals);
Command add_explore_command(CLI::App& parent, const GlobalOptions& globals);
// Programs, running processes and core files.
Command add_codemap_command(CLI::App& parent, const GlobalOptions& globals);
Command add_snapshot_command(CLI::App& parent, const GlobalOptions& globals);
Command add_run_command(CLI::App& parent, const GlobalOptions& globals);

}  // namespace capsule::cli

// capsule: look at captured failures. Each subcommand lives in commands/; this
// file parses the command line, dispatches, and turns errors into exit codes.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "capsule/file.hpp"
#include "commands/command.hpp"
#include "errors.hpp"

namespace capsule::cli {
Command add_html_command(CLI::App& parent, const GlobalOptions& globals);  // commands/html.cpp
Command add_ci_command(CLI::App& parent, const GlobalOptions& globals);    // commands/ci.cpp
}

namespace {

using namespace capsule::cli;

// Error text may quote file names or file contents: one line, no control bytes.
void print_error(const std::string& message) {
    std::string line;
    for (char c : message) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cerr << "capsule: " << line << '\n';
}

int run(int argc, char** argv) {
    CLI::App app{"capsule: C++ test failures and crashes, with every local variable"};
    app.set_version_flag("--version", CAPSULE_VERSION);
    app.require_subcommand(1);
    GlobalOptions globals;
    app.add_option("--repo", globals.repo, "Directory of collected capsules (for commands that use one)")
        ->type_name("DIR");

    std::vector<Command> commands;
    commands.push_back(add_show_command(app, globals));
    commands.push_back(add_html_command(app, globals));
    commands.push_back(add_list_command(app, globals));
    commands.push_back(add_latest_command(app, globals));
    commands.push_back(add_search_command(app, globals));
    commands.push_back(add_stats_command(app, globals));
    commands.push_back(add_clean_command(app, globals));
    commands.push_back(add_stack_command(app, globals));
    commands.push_back(add_vars_command(app, globals));
    commands.push_back(add_env_command(app, globals));
    commands.push_back(add_fingerprint_command(app, globals));
    commands.push_back(add_diff_command(app, globals));
    commands.push_back(add_explore_command(app, globals));
    commands.push_back(add_codemap_command(app, globals));
    commands.push_back(add_snapshot_command(app, globals));
    commands.push_back(add_run_command(app, globals));
    commands.push_back(add_ci_command(app, globals));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 reports an unknown command as a missing one; name it instead.
        const std::vector<std::string> rest = app.remaining();
        if (app.get_subcommands().empty() && !rest.empty() && rest.front().rfind('-', 0) != 0)
            throw UsageError("unknown command \"" + rest.front() + "\" (see capsule --help)");
        throw UsageError(std::string(e.what()) + " (see capsule --help)");
    }
    for (const Command& command : commands)
        if (command.app->parsed()) return command.run();
    throw UsageError("no command given (see capsule --help)");
}

}  // namespace

int main(int argc, char** argv) {
    int code = exit_failure;
    try {
        code = run(argc, argv);
    } catch (const UsageError& e) {
        print_error(e.what());
        return exit_bad_input;
    } catch (const capsule::FormatError& e) {
        print_error(e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        print_error(e.what());
        return exit_failure;
    }
    // A full disk or a closed pipe on stdout is a failure, not a silent success.
    std::cout.flush();
    if (!std::cout) {
        print_error("cannot write to standard output");
        return exit_failure;
    }
    return code;
}

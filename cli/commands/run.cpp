// capsule run [--delay S] -- CMD ARGS...: runs an unmodified program with
// capsule's crash handler preloaded, so that a crash leaves a capsule in the
// repository (frames and locals where the program has debug info). With
// --delay, also a snapshot of the program and its children after S seconds.
// With --json, once the program has ended, one JSON object on stdout (after
// whatever the program printed there) says how it ended and which capsules
// were stored. Ends as the program ended: its exit code, or its signal.
#include <CLI/CLI.hpp>

#include <sys/wait.h>

#include <cstring>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "capsule/config.hpp"
#include "capsule/repository.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"
#include "snapshot/child_program.hpp"
#include "snapshot/locate.hpp"
#include "snapshot/snapshot_tree.hpp"

namespace capsule::cli {
namespace {

struct RunCommandOptions {
    std::string repo;
    double delay = -1;
    std::size_t max_processes = default_max_processes;
    bool json = false;
    std::vector<std::string> command;
};

std::string absolute(const std::string& path) {
    std::error_code ec;
    const auto full = std::filesystem::absolute(path, ec);
    return ec ? path : full.lexically_normal().string();
}

// ld.so splits LD_PRELOAD at spaces and colons.
bool preloadable(const std::string& path) { return path.find_first_of(" :") == std::string::npos; }

EnvironmentChanges environment_for(const std::string& preload, const std::string& repository) {
    EnvironmentChanges changes;
    const char* existing = std::getenv("LD_PRELOAD");
    changes.emplace_back("LD_PRELOAD", existing && *existing ? preload + ":" + existing : preload);
    // The repository this command names, whatever a .capsule.yaml says.
    changes.emplace_back("CAPSULE_OUTPUT_DIR", repository);
    if (const std::string helper = find_crash_helper(); !helper.empty() && !std::getenv("CAPSULE_HELPER"))
        changes.emplace_back("CAPSULE_HELPER", helper);
    return changes;
}

// "SIGSEGV", as capsules name signals.
std::string signal_name(int signal) {
    const char* abbreviation = ::sigabbrev_np(signal);
    return abbreviation ? std::string("SIG") + abbreviation : "signal " + std::to_string(signal);
}

TreeSnapshot snapshot_now(pid_t program, const RunCommandOptions& options, const std::string& repository) {
    std::vector<ConfigWarning> warnings;
    const RunOptions resolved = resolve_options(RunOptions{}, warnings);
    Destination destination;
    destination.repository = repository;
    TreeSnapshot tree = snapshot_tree(program, options.max_processes, destination, resolved.capture);
    for (const ProcessSnapshot& r : tree.processes) {
        if (r.outcome.ok)
            std::cerr << "capsule: snapshot of process " << r.process.pid << " (" << printable(r.process.name)
                      << "): " << printable(r.outcome.path) << '\n';
        else
            std::cerr << "capsule: no snapshot of process " << r.process.pid << " (" << printable(r.process.name)
                      << "): " << printable(r.outcome.error) << '\n';
    }
    if (!tree.left_out.empty())
        std::cerr << "capsule: " << tree.left_out.size() << " more processes of the tree not captured (--max-processes "
                  << options.max_processes << ")\n";
    return tree;
}

std::size_t index_size(const std::string& repository) {
    try {
        return read_index(repository).entries.size();
    } catch (const std::exception&) {
        return 0;  // unreadable now: whatever it lists later counts as new
    }
}

// What --json prints once the program has ended: how it ended, and the
// capsules the repository received meanwhile (its crashes and the
// snapshots). The index is shared: a test run writing into the same
// repository at the same time would show up here too.
ojson run_summary(const RunCommandOptions& options, const std::string& repository, std::size_t index_before,
                  int status, const TreeSnapshot* snapshot) {
    ojson j;
    j["command"] = options.command;
    j["repository"] = repository;
    j["exit_code"] = WIFEXITED(status) ? ojson(WEXITSTATUS(status)) : ojson();
    j["signal"] = WIFSIGNALED(status) ? ojson(signal_name(WTERMSIG(status))) : ojson();
    ojson capsules = ojson::array();
    IndexContents index;
    try {
        index = read_index(repository);
    } catch (const std::exception& e) {
        std::cerr << "capsule: " << printable(e.what()) << '\n';
    }
    for (std::size_t i = std::min(index_before, index.entries.size()); i < index.entries.size(); ++i) {
        const IndexEntry& e = index.entries[i];
        capsules.push_back(ojson{{"path", entry_path(repository, e)}, {"kind", e.kind}, {"cause", e.cause},
                                 {"fingerprint", e.fingerprint}});
    }
    j["capsules"] = std::move(capsules);
    ojson failed = ojson::array(), left_out = ojson::array();
    if (snapshot) {
        for (const ProcessSnapshot& r : snapshot->processes)
            if (!r.outcome.ok)
                failed.push_back(ojson{{"pid", r.process.pid}, {"name", r.process.name}, {"error", r.outcome.error}});
        for (const ProcessInfo& p : snapshot->left_out) left_out.push_back(ojson{{"pid", p.pid}, {"name", p.name}});
    }
    j["snapshot_failed"] = std::move(failed);
    j["snapshot_left_out"] = std::move(left_out);
    return j;
}

int run_program(const RunCommandOptions& options, const GlobalOptions& globals) {
    if (options.command.empty()) throw UsageError("run: no program given (capsule run -- CMD ARGS...)");
    if (options.delay < 0 && options.delay != -1) throw UsageError("run: --delay must be 0 or more seconds");
    if (options.max_processes == 0) throw UsageError("run: --max-processes must be 1 or more");
    if (find_program(options.command.front()).empty())
        throw UsageError("run: cannot run " + printable(options.command.front()) + ": no such program");
    const std::string preload = find_preload_library();
    if (preload.empty())
        throw std::runtime_error("run: libcapsule-preload.so not found next to capsule (set CAPSULE_PRELOAD)");
    if (!preloadable(preload))
        throw std::runtime_error("run: the preload library's path holds a space or a colon: " + preload);
    CommonOptions common;
    common.repo = options.repo;
    const std::string repository = absolute(repository_dir(common, globals));

    const std::size_t index_before = options.json ? index_size(repository) : 0;
    pid_t program = 0;
    try {
        program = start_program(options.command, environment_for(preload, repository));
    } catch (const std::runtime_error& e) {
        throw UsageError(std::string("run: ") + e.what());
    }
    ForwardSignals forwarding(program);
    int status = 0;
    bool ended = false;
    std::optional<TreeSnapshot> snapshot;
    if (options.delay >= 0) {
        ended = wait_program(program, options.delay, status);
        if (!ended) snapshot = snapshot_now(program, options, repository);
    }
    if (!ended && !wait_program(program, -1, status))
        throw std::runtime_error("run: lost track of process " + std::to_string(program));
    if (options.json)
        print_json(run_summary(options, repository, index_before, status, snapshot ? &*snapshot : nullptr), std::cout);
    return end_like(status);
}

}  // namespace

Command add_run_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<RunCommandOptions>();
    CLI::App* app = parent.add_subcommand(
        "run", "Run a program with capsule's crash handler preloaded (and a snapshot after --delay)");
    app->add_option("--repo", options->repo, "Capsule repository (default: $CAPSULE_DIR, else ./capsules)")
        ->type_name("DIR");
    app->add_option("--delay", options->delay, "Also snapshot the program and its children after S seconds")
        ->type_name("S");
    app->add_option("--max-processes", options->max_processes,
                    "The snapshot captures at most N processes (default " + std::to_string(default_max_processes) + ")")
        ->type_name("N")
        ->check(whole_number());
    app->add_flag("--json", options->json,
                  "Once the program ends, print how it ended and the capsules stored meanwhile, as JSON");
    // From the program's name on, every word is the program's, in order,
    // options included (prefix_command leaves them all over). CMD only shows
    // in the help and keeps "--" with this command: it takes no word itself,
    // so that the first one starts the left-over list.
    app->add_option("CMD", options->command, "The program and its arguments (after --)")
        ->check(CLI::Validator([](std::string&) { return std::string("left to the program"); }, ""));
    app->validate_positionals();
    app->prefix_command();
    app->footer("Usage: capsule run [--delay S] [--repo DIR] [--json] -- CMD ARGS...");
    return Command{app, [options, app, &globals] {
                       std::vector<std::string> words = app->remaining();
                       // The "--" before the program's name, kept as a marker.
                       if (!words.empty() && words.front() == "--") words.erase(words.begin());
                       options->command = std::move(words);
                       return run_program(*options, globals);
                   }};
}

}  // namespace capsule::cli

// capsule snapshot --pid PID | --core FILE --exe BINARY: every thread of a
// running process and of the processes it started, with their locals, one
// capsule per process, each left running; or the threads a core file
// recorded. Prints the capsules' paths. At most --max-processes processes
// are captured; the rest of the tree is listed as left out.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "capsule/capture.hpp"
#include "capsule/config.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"
#include "snapshot/elf_header.hpp"
#include "snapshot/snapshot_tree.hpp"

namespace capsule::cli {
namespace {

struct SnapshotOptions : CommonOptions {
    long pid = 0;
    std::string core;
    std::string exe;
    std::string output;
    std::size_t max_processes = default_max_processes;
};

// A core is read, not attached to: far less can go wrong, but a damaged one
// can still make the reader work for long.
constexpr double core_timeout_s = 300;

CaptureOptions capture_options() {
    std::vector<ConfigWarning> warnings;
    const RunOptions resolved = resolve_options(RunOptions{}, warnings);
    for (const ConfigWarning& w : warnings)
        std::cerr << "capsule: " << printable(w.source) << ": " << printable(w.message) << '\n';
    return resolved.capture;
}

Destination destination_of(const SnapshotOptions& options, const GlobalOptions& globals) {
    Destination d;
    d.directory = options.output;
    if (d.directory.empty()) d.repository = repository_dir(options, globals);
    return d;
}

int print_results(const TreeSnapshot& results, const SnapshotOptions& options) {
    bool all_ok = true;
    ojson capsules = ojson::array(), failed = ojson::array(), left_out = ojson::array();
    for (const ProcessSnapshot& r : results.processes) {
        if (r.outcome.ok) {
            capsules.push_back(ojson{{"pid", r.process.pid},
                                     {"name", r.process.name},
                                     {"parent", r.process.parent},
                                     {"threads", r.outcome.threads},
                                     {"path", r.outcome.path}});
            if (!options.json) std::cout << r.outcome.path << '\n';
        } else {
            all_ok = false;
            failed.push_back(ojson{{"pid", r.process.pid}, {"name", r.process.name}, {"error", r.outcome.error}});
            std::cerr << "capsule: no snapshot of process " << r.process.pid << " (" << printable(r.process.name)
                      << "): " << printable(r.outcome.error) << '\n';
        }
    }
    for (const ProcessInfo& p : results.left_out)
        left_out.push_back(ojson{{"pid", p.pid}, {"name", p.name}, {"parent", p.parent}});
    if (!results.left_out.empty())
        std::cerr << "capsule: " << results.left_out.size() << " more processes of the tree not captured (--max-processes "
                  << options.max_processes << ")\n";
    if (options.json)
        print_json(ojson{{"capsules", std::move(capsules)}, {"failed", std::move(failed)}, {"left_out", std::move(left_out)}},
                   std::cout);
    return all_ok ? exit_ok : exit_failure;
}

int snapshot_pid(const SnapshotOptions& options, const GlobalOptions& globals) {
    if (options.pid <= 0) throw UsageError("snapshot: --pid must be a process id above 0");
    const auto pid = static_cast<pid_t>(options.pid);
    ProcessInfo root;
    if (!read_process(pid, root)) throw UsageError("snapshot: no process " + std::to_string(pid));
    if (root.state == 'Z') throw UsageError("snapshot: process " + std::to_string(pid) + " has exited");
    if (root.kernel_thread)
        throw UsageError("snapshot: process " + std::to_string(pid) + " (" + printable(root.name) +
                         ") is a kernel thread, not a program");
    if (options.max_processes == 0) throw UsageError("snapshot: --max-processes must be 1 or more");
    if (pid == ::getpid()) throw UsageError("snapshot: that is this capsule command itself");
    return print_results(
        snapshot_tree(pid, options.max_processes, destination_of(options, globals), capture_options()), options);
}

int snapshot_core(const SnapshotOptions& options, const GlobalOptions& globals) {
    std::string error;
    switch (elf_kind(options.core, error)) {
        case ElfKind::core:
            break;
        case ElfKind::unreadable:
        case ElfKind::not_elf:
            throw UsageError("snapshot: " + error + " (--core wants a core file)");
        default:
            throw UsageError("snapshot: " + options.core + " is an ELF file but not a core file");
    }
    if (options.exe.empty()) throw UsageError("snapshot: --core needs --exe BINARY, the program that dumped it");
    switch (elf_kind(options.exe, error)) {
        case ElfKind::program:
            break;
        case ElfKind::unreadable:
        case ElfKind::not_elf:
            throw UsageError("snapshot: " + error + " (--exe wants the program)");
        default:
            throw UsageError("snapshot: " + options.exe + " is not a program");
    }
    const CaptureOptions capture = capture_options();
    Failure failure;
    failure.kind = "snapshot";
    const std::string core = options.core, exe = options.exe;
    const CaptureOutcome outcome = capture_isolated([&] { return capture_core(core, exe, failure, capture); },
                                                    destination_of(options, globals), core_timeout_s);
    if (options.json) {
        ojson capsules = ojson::array(), failed = ojson::array();
        if (outcome.ok)
            capsules.push_back(ojson{{"core", core}, {"threads", outcome.threads}, {"path", outcome.path}});
        else
            failed.push_back(ojson{{"core", core}, {"error", outcome.error}});
        print_json(ojson{{"capsules", std::move(capsules)}, {"failed", std::move(failed)}}, std::cout);
    } else if (outcome.ok) {
        std::cout << outcome.path << '\n';
    }
    if (outcome.ok) return exit_ok;
    std::cerr << "capsule: no capsule from core file " << printable(core) << ": " << printable(outcome.error) << '\n';
    return exit_failure;
}

int snapshot(const SnapshotOptions& options, const GlobalOptions& globals) {
    parse_color_mode(options.color);  // checked before anything is stopped, though nothing is coloured
    const bool by_pid = options.pid != 0;
    if (by_pid == !options.core.empty())
        throw UsageError("snapshot: give either --pid PID or --core FILE --exe BINARY");
    if (!options.exe.empty() && options.core.empty()) throw UsageError("snapshot: --exe goes with --core");
    return by_pid ? snapshot_pid(options, globals) : snapshot_core(options, globals);
}

}  // namespace

Command add_snapshot_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<SnapshotOptions>();
    CLI::App* app = parent.add_subcommand(
        "snapshot", "Capture a running process and its children (left running), or a core file");
    app->add_option("--pid", options->pid, "The process to capture, with every process it started")
        ->type_name("PID");
    app->add_option("--core", options->core, "A core file to capture instead")->type_name("FILE");
    app->add_option("--exe", options->exe, "The program that dumped the core")->type_name("BINARY");
    app->add_option("-o,--output", options->output, "Write the capsules into DIR instead of the repository")
        ->type_name("DIR");
    app->add_option("--max-processes", options->max_processes,
                    "Capture at most N processes of the tree, the root first (default " +
                        std::to_string(default_max_processes) + ")")
        ->type_name("N")
        ->check(whole_number());
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return snapshot(*options, globals); }};
}

}  // namespace capsule::cli

#include "snapshot/snapshot_tree.hpp"

#include <string>

#include "capsule/capture.hpp"

namespace capsule::cli {
namespace {

// Generous: the capture's own budget (max_capture_ms) bounds reading values;
// this bounds everything else, attaching to threads included.
constexpr double capture_timeout_s = 120;

}  // namespace

TreeSnapshot snapshot_tree(pid_t root, std::size_t max_processes, const Destination& destination,
                           const CaptureOptions& options) {
    TreeSnapshot out;
    ProcessTree tree = process_tree(root, max_processes);
    out.left_out = std::move(tree.left_out);
    for (const ProcessInfo& process : tree.processes) {
        Failure failure;
        failure.kind = "snapshot";
        failure.message = "snapshot of process " + std::to_string(process.pid) + " (" + process.name + ")";
        if (process.pid != root) failure.message += ", started by " + std::to_string(process.parent);
        const pid_t pid = process.pid;
        auto capture = [&failure, &options, pid, root, &process] {
            Report report = capture_process(pid, failure, options);
            report.extra["snapshot_root"] = std::to_string(root);
            report.extra["parent_pid"] = std::to_string(process.parent);
            return report;
        };
        out.processes.push_back({process, capture_isolated(capture, destination, capture_timeout_s)});
    }
    return out;
}

}  // namespace capsule::cli

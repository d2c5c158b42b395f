#include "snapshot/snapshot_tree.hpp"

#include <string>

#include "capsule/capture.hpp"

namespace capsule::cli {
namespace {

// Generous: the capture's own budget (max_capture_ms) bounds reading values;
// this bounds everything else, attaching to threads included.
constexpr double capture_timeout_s = 120;

}  // namespace

std::vector<ProcessSnapshot> snapshot_tree(pid_t root, const Destination& destination,
                                           const CaptureOptions& options) {
    std::vector<ProcessSnapshot> out;
    for (const ProcessInfo& process : process_tree(root)) {
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
        out.push_back({process, capture_isolated(capture, destination, capture_timeout_s)});
    }
    return out;
}

}  // namespace capsule::cli

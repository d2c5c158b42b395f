// A snapshot of a running process and of every process it started: one
// capsule per process, all threads with their locals, each left running.
#pragma once

#include <sys/types.h>

#include <vector>

#include "capsule/options.hpp"
#include "snapshot/destination.hpp"
#include "snapshot/isolated_capture.hpp"
#include "snapshot/process_tree.hpp"

namespace capsule::cli {

// Each process is stopped while it is captured, one after the other: the
// bound keeps `snapshot --pid 1` from walking the whole machine.
inline constexpr std::size_t default_max_processes = 64;

struct ProcessSnapshot {
    ProcessInfo process;
    CaptureOutcome outcome;
};

struct TreeSnapshot {
    std::vector<ProcessSnapshot> processes;  // the root first
    std::vector<ProcessInfo> left_out;       // past max_processes: listed, not captured
};

// A process that ended before its turn is reported as failed, not as an
// error of the whole snapshot. At most `max_processes` are captured.
TreeSnapshot snapshot_tree(pid_t root, std::size_t max_processes, const Destination& destination,
                           const CaptureOptions& options);

}  // namespace capsule::cli

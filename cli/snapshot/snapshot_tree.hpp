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

struct ProcessSnapshot {
    ProcessInfo process;
    CaptureOutcome outcome;
};

// The root first. A process that ended before its turn is reported as
// failed, not as an error of the whole snapshot.
std::vector<ProcessSnapshot> snapshot_tree(pid_t root, const Destination& destination,
                                           const CaptureOptions& options);

}  // namespace capsule::cli

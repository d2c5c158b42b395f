// One capture in a child process of its own. libdw's state for one target
// (modules, caches keyed by module) never meets another's, a capture that
// crashes or hangs costs only itself, and the time bound is enforced by
// killing it, which also detaches ptrace and lets the target run on.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "capsule/report.hpp"
#include "snapshot/destination.hpp"

namespace capsule::cli {

struct CaptureOutcome {
    bool ok = false;
    std::string path;          // the capsule, when ok
    std::size_t threads = 0;   // captured
    std::string error;         // one line, when not ok
};

// Runs `capture` in the child, keeps its report at `destination` when it
// holds at least one thread, and hands back where.
CaptureOutcome capture_isolated(const std::function<Report()>& capture, const Destination& destination,
                                double timeout_s);

}  // namespace capsule::cli

// The capture pipeline, shared by every entry point (this thread, a signal
// context, another process): only the target differs.
#pragma once

#include "capsule/capture.hpp"
#include "debuginfo/session.hpp"
#include "target/target.hpp"

namespace capsule::capture {

Report run_capture(debuginfo::Session& session, const target::Target& target,
                   const Failure& failure, const CaptureOptions& options, pid_t failing_tid,
                   bool skip_own_frames);

// libstdc++ | libc++ | unknown, from the modules the process has loaded.
std::string detect_std_library(debuginfo::Session& session);

}  // namespace capsule::capture

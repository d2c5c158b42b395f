// Capture a thread's frames and variables. C++17.
//
// None of these throw: a capture that fails part-way returns what it has, with
// the reason in report.capture.notes.
#pragma once

#include <sys/types.h>
#include <ucontext.h>

#include <string>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

namespace capsule {

// What went wrong, as the caller knows it; the capture adds the rest.
struct Failure {
    std::string kind = "snapshot";  // assertion | crash | exception | timeout | snapshot
    std::string message;
    TestIdentity test;
    AssertionInfo assertion;
    SignalInfo signal;
    ExceptionInfo exception;
    long failing_tid = 0;  // capture_process: the thread that failed; 0 = the main thread
};

// The calling thread, from its caller's frame outwards: the frames of capsule
// itself (everything in namespace capsule at the top of the stack) are left out.
Report capture_this_thread(const Failure& failure, const CaptureOptions& options = {});

// The thread that received a signal, from the context the kernel handed the
// handler. Not async-signal-safe: see crash handling for the helper path.
Report capture_from_signal(const ucontext_t& context, const Failure& failure,
                           const CaptureOptions& options = {});

// Another process, stopped and read through ptrace: every thread. The process
// is left running afterwards. `stopped_already` when the caller holds it under
// ptrace already (a crash helper that attached itself).
Report capture_process(pid_t pid, const Failure& failure, const CaptureOptions& options = {},
                       bool stopped_already = false);

// A core file of `executable`: every thread it recorded, as the process was
// when it was dumped. When `failure` names no signal, the one that made the
// process dump (SIGSEGV, SIGABRT, ...) fills it in, and a "snapshot" becomes a
// "crash". A core records the pid and the command line (cut to 80 bytes by
// the kernel) but no environment, host or OS: those stay empty, and the time
// is the core file's.
Report capture_core(const std::string& core_path, const std::string& executable,
                    const Failure& failure, const CaptureOptions& options = {});

// Classifies frames, computes the fingerprint, then masks secrets, in place.
// The fingerprint is a hash of names and the assertion's text, so computing
// it before masking leaks nothing and keeps it independent of masking rules.
// The capture functions call it; readers that rebuild a report do not need to.
void finish_report(Report& report, const CaptureOptions& options);

}  // namespace capsule

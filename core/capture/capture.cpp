// The public entry points. None throws: a capture that fails still returns a
// report, with the reason in capture.notes.
#include "capsule/capture.hpp"

#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <exception>

#include "capture/engine.hpp"
#include "capture/process_facts.hpp"
#include "debuginfo/session.hpp"

namespace capsule {
namespace {

pid_t current_tid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

Report failed_capture(const Failure& failure, const CaptureOptions& options, pid_t pid,
                      const std::string& why) {
    Report report;
    report.kind = failure.kind;
    report.message = failure.message;
    report.test = failure.test;
    report.assertion = failure.assertion;
    report.signal = failure.signal;
    report.exception = failure.exception;
    capture::fill_process_facts(report, pid, options);
    report.capture.truncated = true;
    report.capture.notes.push_back("capture failed: " + why);
    finish_report(report, options);
    return report;
}

Report capture_self(const ucontext_t& context, const Failure& failure,
                    const CaptureOptions& options, bool skip_own) {
    pid_t tid = current_tid();
    try {
        std::lock_guard guard(debuginfo::self_lock());
        std::string error;
        debuginfo::Session* session = debuginfo::self_session(error);
        if (!session) return failed_capture(failure, options, getpid(), error);
        auto target = target::make_self_target(&context, tid);
        Report report = capture::run_capture(*session, *target, failure, options, tid, skip_own);
        report.capture.path = "in-process";
        return report;
    } catch (const std::exception& e) {
        return failed_capture(failure, options, getpid(), e.what());
    } catch (...) {
        return failed_capture(failure, options, getpid(), "unknown error");
    }
}

}  // namespace

// noinline: the context must be taken in a frame that stays live while the
// stack above it is unwound.
__attribute__((noinline)) Report capture_this_thread(const Failure& failure,
                                                     const CaptureOptions& options) {
    ucontext_t context;
    getcontext(&context);
    Report report = capture_self(context, failure, options, true);
    asm volatile("" ::: "memory");  // keeps this frame from becoming a tail call
    return report;
}

Report capture_from_signal(const ucontext_t& context, const Failure& failure,
                           const CaptureOptions& options) {
    return capture_self(context, failure, options, false);
}

Report capture_process(pid_t pid, const Failure& failure, const CaptureOptions& options,
                       bool stopped_already) {
    try {
        std::string error;
        auto target = target::make_ptrace_target(pid, stopped_already, error);
        if (!target) return failed_capture(failure, options, pid, error);
        auto session = debuginfo::Session::open(pid, error);
        if (!session) return failed_capture(failure, options, pid, error);
        pid_t failing = failure.failing_tid ? static_cast<pid_t>(failure.failing_tid) : pid;
        return capture::run_capture(*session, *target, failure, options, failing, false);
    } catch (const std::exception& e) {
        return failed_capture(failure, options, pid, e.what());
    } catch (...) {
        return failed_capture(failure, options, pid, "unknown error");
    }
}

}  // namespace capsule

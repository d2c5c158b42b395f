// Starting capsule-crash-helper from a signal handler or the watchdog: fork,
// exec and a bounded wait, with everything that needs allocation prepared
// beforehand.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace capsule::crash {

struct HelperSetup {
    std::string path;  // an executable; empty when none was found
    std::string output_dir;
    std::string options_yaml;
    std::string framework;
    double timeout_s = 60;
};

// Normal context. Replaces any earlier setup.
void prepare_helper(const HelperSetup& setup);
void forget_helper();
bool helper_prepared();

// The helper to use: `configured` when given, else CAPSULE_HELPER, else one
// next to the running executable, else `built_in` (where the build put it).
// Empty when none is executable.
std::string find_helper(const std::string& configured, const std::string& built_in);
// False when the kernel forbids every ptrace attach (Yama ptrace_scope 3), so
// a helper could never capture and crashes must be captured in-process.
bool helper_can_attach();

struct HelperEvent {
    const char* kind = "crash";  // crash | timeout
    pid_t tid = 0;               // the failing thread
    pid_t exclude_tid = 0;       // a thread to leave out of the capsule (0: none)
    int signal = 0;
    int code = 0;
    std::uint64_t address = 0;
    pid_t sender = 0;
    const char* message = "";
};

enum class HelperOutcome {
    written,         // the helper wrote a capsule
    capture_failed,  // it ran but could not capture: the caller may try in-process
    not_started,     // no helper, fork or exec failed: the caller may try in-process
    timed_out,       // killed after the time bound
    failed,          // it captured but could not write, or died
};

// Async-signal-safe: only fork, pipe, prctl, execve, waitpid, nanosleep and
// kill. One at a time per process: callers hold claim_final_capture first.
HelperOutcome run_helper(const HelperEvent& event);

// A crash or a timeout ends the process; only the first one to arrive is
// captured. Async-signal-safe. Returns 0 when `tid` got the claim, else the
// thread that holds it (possibly `tid` itself: a crash inside the capture).
pid_t claim_final_capture(pid_t tid);

}  // namespace capsule::crash

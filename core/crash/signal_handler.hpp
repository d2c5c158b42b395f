// Crash capture: handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT on
// an alternate stack. The handler starts capsule-crash-helper, which captures
// from outside with ptrace; if no helper can run it captures in-process on a
// stack of its own. Then it puts back the disposition it found and re-raises,
// so the process ends exactly as it would have without capsule.
#pragma once

#include <string>

#include "capsule/options.hpp"

namespace capsule::crash {

struct CrashSetup {
    bool use_helper = true;
    bool in_process_fallback = true;
    std::string output_dir;
    std::string framework;
    CaptureOptions capture;
};

// Normal context, once per process (again after uninstall). Also gives the
// calling thread an alternate signal stack, so a stack overflow is captured.
void install_crash_handlers(const CrashSetup& setup);
// Puts back the previous handlers where ours are still in place.
void uninstall_crash_handlers();
bool crash_handlers_installed();

// An alternate stack for the calling thread if it has none (test bodies run
// on the thread that started the run, but not under every framework).
void ensure_alternate_stack();

}  // namespace capsule::crash

// The crash capture of last resort: from inside the crashing process, on the
// crashing thread, when no helper could run. Not async-signal-safe (it
// allocates and reads DWARF): a crash inside malloc may deadlock it, which is
// why the helper goes first.
#pragma once

#include <sys/types.h>
#include <ucontext.h>

#include <cstdint>

#include "crash/signal_handler.hpp"

namespace capsule::crash {

// Writes the capsule (or gives its budget slot back) and prints one line.
void capture_crash_in_process(const CrashSetup& setup, const ucontext_t& context, int signal,
                              int code, std::uint64_t address, pid_t sender, pid_t tid);

}  // namespace capsule::crash

// The hung-test watchdog: a thread that, when a test runs longer than its
// timeout, has every thread captured (through the crash helper, which can
// stop them all), writes a `timeout` capsule and ends the run with a clear
// message, before ctest's own timeout kills the process without a trace.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <string>

namespace capsule::crash {

struct WatchdogSetup {
    double timeout_s = 0;
    int exit_code = 124;
    bool capture = true;  // false: only end the run
};

void start_watchdog(const WatchdogSetup& setup);
void stop_watchdog();

namespace detail {
extern constinit std::atomic<bool> watchdog_is_running;
}
// Read at every test start and end: inline, one load.
inline bool watchdog_running() { return detail::watchdog_is_running.load(std::memory_order_relaxed); }

// From the test's thread: the clock starts (again) now.
void watchdog_test_started(pid_t test_thread, const std::string& test_name);
void watchdog_test_finished();

}  // namespace capsule::crash

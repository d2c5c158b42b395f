// Exceptions at their throw site. A framework reports an escaping exception
// from its catch block, after the stack has unwound; capsule interposes
// __cxa_throw and captures the thread while the throwing frames still exist.
//
// Cost: nothing but a thread-local test while no test body runs on the thread.
// While one runs, a throw from a call stack seen before whose exception was
// caught by the code under test costs a short stack walk (its first frames
// identify the site); other throws cost a capture, at most
// `per_test_limit` per test.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <typeinfo>

#include "capsule/options.hpp"
#include "capsule/report.hpp"
#include "crash/throw_hook.hpp"

namespace capsule::crash {

struct ThrowCaptureSetup {
    CaptureOptions capture;
    int per_test_limit = 16;
};

void arm_throw_capture(const ThrowCaptureSetup& setup);
void disarm_throw_capture();
bool throw_capture_armed();

// Exceptions of these types (and types derived from them) are the framework's
// own control flow, e.g. a failed REQUIRE: never captured.
void ignore_thrown_type(const std::type_info& type);

namespace detail {
extern constinit std::atomic<bool> throw_capture_is_armed;
// Something in this thread's throw records changed since the last reset.
// Apart from the records, and trivially initialized, so that a test without
// throws (most of them) starts and ends with a thread-local load: the
// records' own thread-local needs an initialization check on every access.
extern constinit thread_local bool throw_records_dirty;
void reset_throw_records(bool new_test);
}  // namespace detail

// Called on the thread that runs the test body, at its start and end. Inline:
// they run for every test of a passing suite.
inline void watch_throws_on_this_thread() {
    if (detail::throw_records_dirty) [[unlikely]]
        detail::reset_throw_records(true);
    detail::watch_throws = detail::throw_capture_is_armed.load(std::memory_order_relaxed);
}
inline void stop_watching_throws_on_this_thread() {
    detail::watch_throws = false;
    if (detail::throw_records_dirty) [[unlikely]]
        detail::reset_throw_records(false);
}

// Called from inside the framework's catch block: the capture taken when the
// exception being handled was thrown, or nullopt with the reason in `why_not`.
std::optional<Report> take_throw_capture(std::string& why_not);

// The throw-site statistics of this thread since it started watching (for
// tests and the benchmark).
struct ThrowStats {
    long throws = 0;    // throws seen while watching
    long captured = 0;  // full captures taken
    long skipped = 0;   // known caught sites, limit reached, or ignored types
};
ThrowStats throw_stats_of_this_thread();

// The type as written in C++ ("std::out_of_range"), and what() when the
// object derives from std::exception (empty otherwise).
std::string thrown_type_name(const std::type_info& type);
std::string thrown_what(void* object, const std::type_info& type);

}  // namespace capsule::crash

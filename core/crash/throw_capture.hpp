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

#include <optional>
#include <string>
#include <typeinfo>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

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

// Called on the thread that runs the test body, at its start and end.
void watch_throws_on_this_thread();
void stop_watching_throws_on_this_thread();

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

// The running test's identity in fixed buffers, so that a signal handler or
// the watchdog can name the test without allocating. Written at test start on
// the test's thread, read by whichever thread crashes.
#pragma once

#include <sys/types.h>

#include <atomic>

#include "capsule/report.hpp"

namespace capsule::crash {

struct TestFields {
    bool running = false;
    pid_t thread = 0;  // the thread that runs the test body
    char suite[512] = {};
    char name[1024] = {};
    char full_name[1536] = {};
    char parameters[512] = {};
    char section[1024] = {};
    char file[1024] = {};
    char line[16] = {};
};

class TestSlot {
public:
    // Normal context only (formats text).
    void set(const TestIdentity& test, pid_t thread);
    void set_section(const char* section);
    void clear();
    // Async-signal-safe: a consistent copy unless a writer keeps interrupting;
    // after a few tries it settles for the last copy.
    void read(TestFields& out) const;

private:
    void begin_write();
    void end_write();

    std::atomic<unsigned> sequence_{0};
    TestFields fields_;
};

TestSlot& current_test();

// Back to a TestIdentity (the helper and the in-process path).
TestIdentity to_identity(const TestFields& fields);

}  // namespace capsule::crash

// The running test's identity where a signal handler or the watchdog can read
// it without allocating. Written at test start on the test's thread (a few
// stores: the test's TestRef is the framework integration's), read by whichever
// thread crashes, which renders them into fixed buffers.
#pragma once

#include <sys/types.h>

#include <atomic>

#include "capsule/report.hpp"
#include "capsule/session.hpp"

namespace capsule::crash {

// A rendered copy of the running test.
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
    // Keeps the address of `test`: it and the strings it points to must stay
    // unchanged until clear(). The section is copied.
    // Inline, with clear(): they run for every test of a passing suite.
    void set(const session::TestRef& test, pid_t thread) {
        begin_write();
        running_ = true;
        thread_ = thread;
        test_ = &test;
        section_[0] = '\0';
        end_write();
    }
    void set_section(const char* section);
    void clear() {
        // The pointer stays: read() does not follow it while no test runs.
        begin_write();
        running_ = false;
        thread_ = 0;
        end_write();
    }
    // Async-signal-safe: a consistent copy unless a writer keeps interrupting;
    // after a few tries it settles for the last copy.
    void read(TestFields& out) const;

private:
    void begin_write() {
        sequence_.fetch_add(1, std::memory_order_relaxed);  // odd: writing
        std::atomic_thread_fence(std::memory_order_release);
    }
    void end_write() {
        sequence_.fetch_add(1, std::memory_order_release);  // even: stable
    }

    std::atomic<unsigned> sequence_{0};
    bool running_ = false;
    pid_t thread_ = 0;
    const session::TestRef* test_ = nullptr;
    char section_[1024] = {};
};

namespace detail {
// constinit and trivially destructible: a handler never runs a guarded
// initializer, and a crash during exit still finds the slot.
extern constinit TestSlot running_test;
}  // namespace detail

inline TestSlot& current_test() { return detail::running_test; }

// Back to a TestIdentity (the helper and the in-process path).
TestIdentity to_identity(const TestFields& fields);

// The one place that spells a test's full name and parameters, for both
// contexts: `append(const char*)` is a string's append in normal context and a
// bounded copy into a fixed buffer in a signal handler.
template <typename Append>
void render_full_name(const session::TestRef& test, Append&& append) {
    if (test.full_name) {
        append(test.full_name);
        return;
    }
    if (test.suite && *test.suite) {
        append(test.suite);
        append(test.separator ? test.separator : "");
    }
    append(test.name ? test.name : "");
}

template <typename Append>
void render_parameters(const session::TestRef& test, Append&& append) {
    bool first = true;
    for (int i = 0; i < 2; ++i) {
        if (!test.values[i]) continue;
        if (!first) append(", ");
        first = false;
        append(test.labels[i] ? test.labels[i] : "");
        append(test.values[i]);
    }
}

}  // namespace capsule::crash

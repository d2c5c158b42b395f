// capsule for GoogleTest: a test event listener that writes a capsule for each
// failing test (failed assertion, crash, escaping exception, hang).
//
// Header-only on purpose: it is compiled inside the user's test target,
// against the GoogleTest headers that target already uses. A listener built
// against another GoogleTest would not match its vtable.
//
// Linking capsule::gtest installs it before RUN_ALL_TESTS without any code;
// call capsule::gtest::install(options) in main() to pass options from code.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "capsule/session.hpp"

namespace capsule::gtest {

namespace detail {

inline bool in_death_test_child() {
#if GTEST_HAS_DEATH_TEST && defined(GTEST_FLAG_GET)
    return !GTEST_FLAG_GET(internal_run_death_test).empty();
#elif GTEST_HAS_DEATH_TEST  // before 1.12
    return !::testing::GTEST_FLAG(internal_run_death_test).empty();
#else
    return false;
#endif
}

inline session::Framework framework() {
    session::Framework f;
    f.name = "googletest";
    f.frame_rules = {{false, "function", "testing::*"}};
#ifdef CAPSULE_CRASH_HELPER_PATH
    f.helper = CAPSULE_CRASH_HELPER_PATH;
#endif
#ifdef CAPSULE_ENGINE_PATH
    f.engine = CAPSULE_ENGINE_PATH;
#endif
    return f;
}

// Points `test` at GoogleTest's own strings, which live as long as the
// TestInfo (the whole run): nothing is copied per test. Parameters are
// rendered the way GoogleTest prints them next to the test's name.
inline void point_at(session::TestRef& test, const ::testing::TestInfo& info) {
    test.suite = info.test_suite_name();
    test.name = info.name();
    test.values[0] = info.type_param();
    test.values[1] = info.value_param();
    test.file = info.file();
    test.line = info.line();
}

// GoogleTest appends SCOPED_TRACE messages to the failure message after this
// marker, one "file:line: message" per line.
inline void split_trace(const std::string& message, std::string& failure,
                        std::vector<std::string>& trace) {
    static const std::string marker = "Google Test trace:\n";
    const std::size_t at = message.find(marker);
    failure = at == std::string::npos ? message : message.substr(0, at);
    while (!failure.empty() && failure.back() == '\n') failure.pop_back();
    if (at == std::string::npos) return;
    std::size_t start = at + marker.size();
    while (start < message.size()) {
        std::size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        if (end > start) trace.push_back(message.substr(start, end - start));
        start = end + 1;
    }
}

class Listener : public ::testing::EmptyTestEventListener {
public:
    explicit Listener(const RunOptions& options) : options_(options) {
        current_.separator = ".";
        current_.labels[0] = "TypeParam = ";
        current_.labels[1] = "GetParam() = ";
    }
    void set_options(const RunOptions& options) { options_ = options; }

    void OnTestProgramStart(const ::testing::UnitTest&) override {
        // A threadsafe-style death test child re-runs this binary; it must
        // die the way the test expects, without a capsule.
        if (in_death_test_child()) return;
        if (!session::start(options_, framework())) return;
        session::ignore_exception_type(typeid(::testing::internal::GoogleTestFailureException));
    }

    void OnTestStart(const ::testing::TestInfo& info) override {
        // The session keeps the address of current_ until OnTestEnd.
        point_at(current_, info);
        session::test_started(current_);
    }

    // Runs on the failing thread, inside AssertHelper::operator= and under
    // GoogleTest's global mutex: capture only, no GoogleTest calls.
    void OnTestPartResult(const ::testing::TestPartResult& result) override {
        if (!result.failed() || !session::started()) return;
        // The test's identity comes from the session, which has it since
        // OnTestStart (UnitTest::current_test_info() takes the mutex held here).
        Failure failure;
        std::vector<std::string> trace;
        split_trace(result.message() ? result.message() : "", failure.message, trace);
        // An exception GoogleTest caught around a test body, SetUp or
        // TearDown: reported from its catch block, with no source location.
        if (result.file_name() == nullptr && std::current_exception()) {
            failure.kind = "exception";
            session::exception_escaped(failure, trace);
            return;
        }
        failure.kind = "assertion";
        failure.assertion.file = result.file_name() ? result.file_name() : "";
        failure.assertion.line = result.line_number();
        session::assertion_failed(failure, trace);
    }

    // Outside GoogleTest's mutex again: the place for RecordProperty.
    void OnTestEnd(const ::testing::TestInfo&) override {
        const std::vector<session::Written> written = session::test_finished();
        for (std::size_t i = 0; i < written.size(); ++i)
            ::testing::Test::RecordProperty(i == 0 ? std::string("capsule")
                                                   : "capsule_" + std::to_string(i + 1),
                                            written[i].path);
    }

    void OnTestProgramEnd(const ::testing::UnitTest&) override {
        const std::string lines = session::summary();
        if (!lines.empty()) std::fprintf(stderr, "%s", lines.c_str());
        session::stop();
    }

private:
    RunOptions options_;
    session::TestRef current_;
};

// The one listener of this process (GoogleTest owns and deletes it).
inline Listener*& installed_listener() {
    static Listener* listener = nullptr;
    return listener;
}

inline void append_listener(const RunOptions& options) {
    Listener*& listener = installed_listener();
    if (listener) {
        listener->set_options(options);
        return;
    }
    listener = new Listener(options);
    ::testing::UnitTest::GetInstance()->listeners().Append(listener);
}

// From a static initializer in the user's target: the UnitTest singleton is
// made on first use, as GoogleTest's own TEST() registration does then.
inline bool auto_install() {
    static const bool done = (append_listener(RunOptions{}), true);
    return done;
}

}  // namespace detail

// Installs (or re-configures) the listener. Call before RUN_ALL_TESTS. The
// options are the code's defaults: .capsule.yaml and CAPSULE_* override them.
inline void install(const RunOptions& options = {}) { detail::append_listener(options); }

}  // namespace capsule::gtest

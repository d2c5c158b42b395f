// A test run with capsule: what the GoogleTest listener and the Catch2
// reporter call. One session per process. C++17.
//
// The integrations translate their framework's events into these calls;
// everything framework-neutral (options, crash handlers, throw-site capture,
// the watchdog, counting, writing, summaries) happens here.
#pragma once

#include <string>
#include <typeinfo>
#include <vector>

#include "capsule/capture.hpp"
#include "capsule/config.hpp"
#include "capsule/report.hpp"

namespace capsule::session {

struct Framework {
    std::string name;  // recorded in each capsule, e.g. "googletest 1.12"
    // The framework's own code, never the user's (e.g. "-app:function:testing::*").
    std::vector<FrameRule> frame_rules;
    // Where the build put capsule-crash-helper; tried after CAPSULE_HELPER and
    // the test binary's own directory.
    std::string helper;
    // Where the build put libcapsule-engine.so (loaded at the first capture);
    // tried after CAPSULE_ENGINE and before the test binary's own directory.
    std::string engine;
};

struct Written {
    std::string path;
    std::string kind;
    std::string fingerprint;
    std::string test;
};

// Resolves the options (defaults < `from_code` < .capsule.yaml < CAPSULE_*),
// prints their warnings, and arms crash handlers, throw-site capture and the
// watchdog as they say. Calling it again starts over with the new options.
// Returns false when capsule is disabled.
bool start(const RunOptions& from_code, const Framework& framework);
// Disarms everything; written() and summary() stay available.
void stop();
bool started();
RunOptions options();

// Exceptions that are the framework's control flow (a failed REQUIRE).
void ignore_exception_type(const std::type_info& type);

// The running test, named by strings that the framework keeps (GoogleTest's
// TestInfo, Catch2's test case registry, a listener's own members).
// test_started keeps the TestRef's address and copies nothing, so a suite of
// thousands of passing tests pays a few stores per test; the full name and the
// parameters are put together only when a capsule is written.
struct TestRef {
    const char* suite = "";
    const char* name = "";
    // The full name; null: suite + separator + name (the name alone when the
    // suite is empty).
    const char* full_name = nullptr;
    const char* separator = ".";
    // Up to two parameters, each rendered label + value and joined by ", "
    // (GoogleTest: "TypeParam = " "int", "GetParam() = " "7"); a null value
    // is no parameter.
    const char* labels[2] = {"", ""};
    const char* values[2] = {nullptr, nullptr};
    const char* file = "";
    int line = 0;
};

// The identity a capsule records for `test` (full name and parameters
// rendered).
TestIdentity to_identity(const TestRef& test, const std::string& section = {});

// On the thread that runs the test body. `test`, and the strings it points
// to, must stay unchanged until test_finished (e.g. a member of the listener,
// filled in before the call).
void test_started(const TestRef& test);
// The same with an identity whose strings the session keeps a copy of.
void test_started(TestIdentity test);
void test_section(const std::string& section);  // Catch2's current section path
// Returns the capsules written for the test; the first one is rewritten with
// the count of further failures when there were any.
std::vector<Written> test_finished();

// A failed assertion, on the thread that failed, while the test body is still
// on the stack. `context`: SCOPED_TRACE / INFO messages active at the failure.
// Returns the capsule's path, or "" when none was written (a further failure
// of the same test is counted instead; disabled; limit reached).
std::string assertion_failed(const Failure& failure, const std::vector<std::string>& context);

// From inside the framework's catch block for an exception that escaped the
// test: the capture taken at the throw site when there is one.
std::string exception_escaped(const Failure& failure, const std::vector<std::string>& context);

std::vector<Written> written();
// One line per capsule written in this run (empty when none).
std::string summary();

}  // namespace capsule::session

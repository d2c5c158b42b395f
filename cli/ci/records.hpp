// What a CI bundle says about each capsule it holds: enough to annotate,
// summarise and diff without opening the capsule again. Written to and read
// from the bundle's bundle.json, the file `ci diff` and `ci merge` consume.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli::ci {

struct CapsuleRecord {
    std::string source;      // where it was read (not written to bundle.json)
    std::string path;        // in the bundle, relative to it: capsules/...capsule
    std::string html;        // its page, relative to the bundle
    std::string test;        // the capsule's full test name
    std::string test_name;   // without the suite
    std::string suite;
    std::string ctest_name;  // CTEST_TEST_NAME that capsule_discover_tests set
    std::string kind;
    std::string cause;  // signal or exception type
    std::string fingerprint;
    std::string message;
    std::string function;  // the failing frame: the user's line where it failed
    std::string file;      // workspace-relative when inside the workspace
    int line = 0;
    std::vector<std::string> variables;  // "name = value" of the failing frame, the first few
    std::string leg;
    std::string host;
    std::string build_id;
    std::string time;
    std::string testcase;  // the JUnit testcase it annotates, "" when none
    bool rebuilt = false;  // that testcase was rebuilt from the capsule
};

struct Bundle {
    std::vector<std::string> legs;
    std::vector<std::string> junit;  // annotated reports, relative to the bundle
    std::vector<CapsuleRecord> capsules;
    std::size_t testcases = 0;
    std::size_t failed_testcases = 0;
};

// The fields taken from the report; `workspace` makes file names relative.
CapsuleRecord record_from_report(const Report& report, const std::string& workspace);

// A fingerprint, or for a capsule without one its kind and test, so that such
// capsules still group and diff by something stable.
std::string failure_key(const CapsuleRecord& record);

std::string bundle_to_json(const Bundle& bundle);
// Throws std::runtime_error naming `source` when the text is not a bundle.
Bundle bundle_from_json(const std::string& text, const std::string& source);

inline constexpr const char* bundle_file = "bundle.json";

}  // namespace capsule::cli::ci

// Capsules onto JUnit: each failing testcase gets its capsules' findings, and
// a test that left a capsule but no testcase (gtest writes no XML after a
// crash; ctest's is fine) gets one rebuilt from the capsule.
#pragma once

#include <string>
#include <vector>

#include "ci/junit.hpp"
#include "ci/records.hpp"

namespace capsule::cli::ci {

struct JunitInput {
    std::string source;  // the file given with --junit
    std::string output;  // where the annotated copy goes, relative to the bundle
    JunitDocument doc;
};

struct AnnotateContext {
    std::string bundle_dir;  // absolute
    std::string workspace;   // absolute
};

// Sets record.testcase (and .rebuilt) on the records it used.
void annotate_junit(std::vector<JunitInput>& inputs, std::vector<CapsuleRecord>& records,
                    const AnnotateContext& context);

// The names a testcase is known by, and those of a capsule's test: they
// match when the two sets meet.
std::vector<std::string> case_keys(const JunitCase& c);
std::vector<std::string> capsule_keys(const CapsuleRecord& r);

}  // namespace capsule::cli::ci

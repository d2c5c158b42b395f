// JUnit XML as ctest (--output-junit), GoogleTest (--gtest_output=xml) and
// Catch2 (-r junit) write it: the testcases read out of it, and the edits
// `capsule ci bundle` makes to it. Kept apart from the rest of the command
// (its own library, capsule_junit) so that fuzz tests can drive the reader
// alone. The document is edited in place, so everything capsule does not
// touch is written back as it came.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace capsule::cli::ci {

// Input that is not a JUnit report: unreadable, not XML, wrong root element.
// The message is one line and names the file.
class JunitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class CaseStatus { passed, failed, error, skipped };
const char* to_string(CaseStatus status);

struct JunitCase {
    std::string suite;      // the enclosing <testsuite name>
    std::string classname;  // gtest: the test suite; Catch2: "binary.global"; ctest: the test
    std::string name;
    std::string file;  // attributes some writers add (gtest >= 1.10); "" when absent
    int line = 0;
    CaseStatus status = CaseStatus::passed;
    std::string message;  // of the first <failure>/<error>
};

// What `ci bundle` adds to a failing testcase.
struct CaseAnnotation {
    std::string file;  // set as the testcase's file/line attributes when not empty
    int line = 0;
    std::vector<std::pair<std::string, std::string>> properties;
    std::string system_out;  // appended to the testcase's <system-out>
};

// A testcase the framework never wrote (the process crashed or was killed
// first), rebuilt from its capsule.
struct RebuiltCase {
    std::string suite;  // joins the <testsuite> of that name, else a new one
    std::string classname;
    std::string name;
    std::string message;
    std::string type;  // "crash", "timeout", ...
    CaseAnnotation annotation;
};

class JunitDocument {
public:
    // Throw JunitError. `source` names the input in messages.
    static JunitDocument parse(const std::string& text, const std::string& source);
    static JunitDocument load(const std::string& path);

    JunitDocument(JunitDocument&&) noexcept;
    JunitDocument& operator=(JunitDocument&&) noexcept;
    ~JunitDocument();

    const std::vector<JunitCase>& cases() const;
    void annotate(std::size_t case_index, const CaseAnnotation& annotation);
    // Adds the testcase as an <error> and updates the counts of its suite and
    // of the root.
    void add_rebuilt(const RebuiltCase& rebuilt);
    std::string to_xml() const;

    struct Impl;  // the parsed document; defined in junit_impl.hpp for the reader and writer

private:
    explicit JunitDocument(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace capsule::cli::ci

// Running the victim programs and reading what they captured.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::integration {

// The four builds of every victim: compiler family and optimization level.
const std::vector<std::string>& variants();
bool is_optimized(const std::string& variant);
bool is_clang(const std::string& variant);
// gtest parameter names allow only [A-Za-z0-9_].
std::string variant_test_name(const std::string& variant);

std::string victim_source(const std::string& victim);
std::string victim_binary(const std::string& victim, const std::string& variant);

// The 1-based line of the source line whose comment is exactly `// MARKER`,
// e.g. "CAPTURE-LINE" or "CALL-LINE descend". Throws unless exactly one line
// carries it: the tests never hard-code a line number.
int marker_line(const std::string& source_path, const std::string& marker);

// A fresh directory, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct ProcessResult {
    int exit_code = -1;   // -1 when killed by a signal
    int signal = 0;
    bool timed_out = false;
    std::string output;   // stdout
    std::string errors;   // stderr
};

// Runs argv[0] (a path) with its arguments, stdin from /dev/null; killed after
// `timeout_seconds`.
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds = 120);

// Runs a victim with a capsule path in `dir` (plus `extra_args`), checks that it
// exited 0 and returns the capsule it wrote. Throws std::runtime_error with the
// victim's output otherwise.
Report capture_victim(const std::string& victim, const std::string& variant,
                      const std::vector<std::string>& extra_args = {});

}  // namespace capsule::integration

// Runs a test binary the way ctest would, for the tests that check what
// capsule leaves behind.
#pragma once

#include <string>
#include <vector>

namespace capsule::testing {

struct Outcome {
    bool exited = false;    // exit() or return from main
    int exit_code = -1;     // when exited
    int signal = 0;         // when killed by a signal
    bool timed_out = false; // killed by run_process after the time bound
    std::string output;     // stdout and stderr, interleaved
    double seconds = 0;

    // "exit 1", "signal 11", as a shell would say it; for assertion messages.
    std::string status() const;
};

struct RunSpec {
    std::string program;
    std::vector<std::string> args;
    // NAME=value, added to (or replacing in) the inherited ones; inherited
    // CAPSULE_* variables are dropped.
    std::vector<std::string> env;
    std::string cwd;
    double timeout_s = 300;  // generous: the machine is shared and loaded
};

Outcome run_process(const RunSpec& spec);

// A fresh directory under the system's temp dir, removed by the destructor.
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

// Paths of the *.capsule files anywhere below `dir` (a capsule repository), sorted.
std::vector<std::string> capsule_files(const std::string& dir);

}  // namespace capsule::testing

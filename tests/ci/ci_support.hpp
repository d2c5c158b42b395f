// What the CI step's tests share: running a program as CI would (its own
// environment, its output captured), scratch directories, and capsule
// repositories filled with reports made here and stored with the real
// store_capsule.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::citest {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

struct Outcome {
    int code = -1;  // exit status; 128+N for a signal
    std::string out;
    std::string err;
};

// `env`: "NAME=value" added, "NAME" removed; GITHUB_* and CAPSULE_* of the
// test's own environment are removed first so that a CI runner running
// these tests does not leak into them.
Outcome run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
            const std::string& cwd = "");
Outcome capsule_cli(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                    const std::string& cwd = "");

std::string slurp(const std::string& path);
void spit(const std::string& path, const std::string& text);
bool exists(const std::string& path);

// A report as a test binary would write it: kind, test, fingerprint, and a
// failing thread whose innermost user frame is `function` at file:line.
struct FakeFailure {
    std::string kind = "assertion";
    std::string suite;
    std::string name;
    std::string fingerprint;  // 64 hex digits; derived from `function` when empty
    std::string function = "bank::withdraw";
    std::string file;
    int line = 10;
    std::string message = "Expected equality";
    std::string ctest_name;
    std::string leg;
    std::string signal;  // SIGSEGV for a crash
};
Report fake_report(const FakeFailure& failure);
// store_capsule into `repository`; returns the capsule's path.
std::string store(const FakeFailure& failure, const std::string& repository);

}  // namespace capsule::citest

// Running the victim and the browser from the tests: bounded in time, output
// kept, and every process the run started ended with it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace capsule::html_test {

struct ProcessResult {
    int exit_code = -1;  // 128 + signal when killed
    bool timed_out = false;
    std::string out;
    std::string err;
    std::string describe() const;  // for failure messages
};

// argv[0] is a path. `environment` entries "NAME=value" are added to ours.
// The child leads its own process group; on timeout, and after it exits, the
// whole group is killed, so browser helpers never outlive the run.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                          std::chrono::seconds timeout);

// A fresh directory, removed with everything in it when the object goes.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "capsule-html-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string read_file(const std::string& path);
// Through a temporary name and a rename: ctest runs the tests of one suite as
// separate processes, side by side, and a browser of one must never load a
// page another is halfway through writing.
void write_file(const std::string& path, const std::string& content);

}  // namespace capsule::html_test

// Running the capsule command and the repository victim as separate
// processes, the way a user and a test binary run them, for the repository
// tests.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace capsule::clitest {

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
    int code = -1;
    std::string out;
    std::string err;
};

struct RunSetup {
    std::vector<std::string> environment;  // "NAME=value" sets, "NAME" unsets
    std::string input;                     // stdin; /dev/null when empty
    std::string cwd;                       // the working directory; unchanged when empty
};

// The capsule command with `args`; CAPSULE_DIR and NO_COLOR are unset unless
// `setup` sets them.
Outcome capsule(const std::vector<std::string>& args, const RunSetup& setup = {});

// The victim: stores capsules into `repository`; returns the paths it printed.
std::vector<std::string> victim(const std::string& repository, const std::vector<std::string>& args);
// Starts the victim without waiting for it.
pid_t start_victim(const std::string& repository, const std::vector<std::string>& args);
int wait_for(pid_t pid);

nlohmann::json parse_json(const std::string& text);
std::string slurp(const std::string& path);

// Every path below `dir` (itself included) with its type, size and
// modification time: equal before and after means nothing was written,
// created or deleted.
std::map<std::string, std::string> tree_state(const std::string& dir);

}  // namespace capsule::clitest

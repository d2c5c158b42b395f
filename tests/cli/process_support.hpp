// For the tests of codemap, snapshot and run: programs started the way a
// user starts them, with their raw wait status, and temporary directories.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace capsule::proctest {

class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

struct Launch {
    std::vector<std::string> environment;  // "NAME=value" sets, "NAME" unsets
    std::string cwd;
    bool allow_core = false;  // RLIMIT_CORE unlimited instead of 0
    bool quiet = false;       // stdout and stderr to /dev/null (for long-running victims)
};

struct Ran {
    int status = -1;  // as waitpid gives it
    std::string out;
    std::string err;
    bool exited(int code) const;
    bool signalled(int signal) const;
};

// Runs `program` to its end; stdout and stderr go through files.
Ran run(const std::string& program, const std::vector<std::string>& args, const Launch& launch = {});
// The capsule command.
Ran capsule(const std::vector<std::string>& args, const Launch& launch = {});

// Starts `program` without waiting.
pid_t start(const std::string& program, const std::vector<std::string>& args, const Launch& launch = {});
int wait_status(pid_t pid);

// Polls `done` until it holds or `limit` passes (a loaded machine is slow).
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(60));

// SIGKILLs `root` and every process below it, then reaps `root` (a child of
// the caller). Children are found before anything is killed: an orphan's
// parent changes.
void kill_tree(pid_t root);

// /proc/PID/stat's state letter; '\0' when the process is gone.
char process_state(pid_t pid);

std::vector<std::string> files_in(const std::string& dir);
std::string read_text(const std::string& path);
bool exists(const std::string& path);

}  // namespace capsule::proctest

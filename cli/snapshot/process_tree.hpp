// A process and the processes it started, from /proc.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace capsule::cli {

struct ProcessInfo {
    pid_t pid = 0;
    pid_t parent = 0;
    char state = '?';  // R, S, D, T, Z, ... as /proc/PID/stat says
    std::string name;  // comm
};

// False when there is no such process (or /proc does not show it).
bool read_process(pid_t pid, ProcessInfo& out);

// `root` first, then its descendants, parents before children. Zombies are
// left out (nothing to capture), and so is this process with everything it
// started: capturing the capturer would stop it.
std::vector<ProcessInfo> process_tree(pid_t root);

}  // namespace capsule::cli

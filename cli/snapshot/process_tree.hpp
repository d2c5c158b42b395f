// A process and the processes it started, from /proc.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace capsule::cli {

struct ProcessInfo {
    pid_t pid = 0;
    pid_t parent = 0;
    char state = '?';  // R, S, D, T, Z, ... as /proc/PID/stat says
    std::string name;  // comm
    bool kernel_thread = false;  // no user memory to read: never captured
};

// False when there is no such process (or /proc does not show it).
bool read_process(pid_t pid, ProcessInfo& out);

struct ProcessTree {
    std::vector<ProcessInfo> processes;  // at most the `limit` first
    std::vector<ProcessInfo> left_out;   // beyond the limit, in the same order
};

// `root` first, then its descendants, parents before children (breadth
// first). Zombies and kernel threads are left out (nothing to capture), and
// so is this process with everything it started: capturing the capturer
// would stop it. Past `limit` processes the rest only get listed: a snapshot
// of pid 1 must not stop every program on the machine in turn.
ProcessTree process_tree(pid_t root, std::size_t limit);

}  // namespace capsule::cli

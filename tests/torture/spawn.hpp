// Starting a victim for the torture tests: its output through a pipe (a
// file-size limit must not hit it), an optional RLIMIT_FSIZE, and an optional
// tracer that SIGKILLs it at a chosen system call while it writes a capsule.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace capsule::torture {

struct Syscall {
    int pid = 0;        // the thread that made it
    long number = 0;    // orig_rax
    long args[3] = {};  // rdi, rsi, rdx
};

struct Spawn {
    std::string program;
    std::vector<std::string> args;
    std::vector<std::string> env;  // NAME=value, added to the inherited (CAPSULE_* dropped)
    long file_size_limit = -1;     // RLIMIT_FSIZE in bytes; -1: unchanged
    // Under ptrace: called at every system call entry; true SIGKILLs the
    // whole process there.
    std::function<bool(const Syscall&)> kill_at;
    double timeout_s = 300;  // generous: the machine is shared and loaded
};

struct Result {
    int status = -1;   // as waitpid gives it
    bool killed_by_tracer = false;
    bool timed_out = false;
    std::string out;   // stdout
    std::string err;   // stderr
    std::string describe() const;
};

Result spawn(const Spawn& spec);
// Starts `spec` (no tracer, no time bound) with its output thrown away.
int start(const Spawn& spec);

// Where file descriptor `fd` of `pid` leads; "" when it is closed.
std::string fd_path(int pid, long fd);
// A NUL-terminated string at `address` in `pid`; "" when unreadable.
std::string read_string(int pid, long address);

}  // namespace capsule::torture

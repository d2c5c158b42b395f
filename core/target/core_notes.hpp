// What a core file says about the process besides its memory: the notes the
// kernel (or gdb's gcore) writes into PT_NOTE segments.
#pragma once

#include <libelf.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "target/target.hpp"

namespace capsule::target {

struct CoreThread {
    pid_t tid = 0;
    int signal = 0;  // pr_cursig: the signal this thread was handling, if any
    Registers registers;
};

// One file-backed mapping from NT_FILE: [start, end) maps `path` from `offset`.
struct CoreMapping {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::uint64_t offset = 0;  // in bytes
    std::string path;
};

struct CoreNotes {
    pid_t pid = 0;
    std::string name;       // pr_fname: the executable's name, cut to 15 bytes
    std::string arguments;  // pr_psargs: the command line, cut to 80 bytes
    // In note order: the kernel writes the thread that took the signal first.
    std::vector<CoreThread> threads;
    bool has_siginfo = false;  // NT_SIGINFO: the signal that ended the process
    int signal = 0;
    int code = 0;
    std::uint64_t fault_address = 0;
    pid_t sender = 0;  // si_pid, for signals sent by kill or raise
    std::vector<CoreMapping> mappings;
};

// Reads the notes of an x86-64 core file. False, with a one-line reason, when
// `core` is not one or holds no thread; malformed notes are passed over.
bool read_core_notes(Elf* core, CoreNotes& out, std::string& error);

}  // namespace capsule::target

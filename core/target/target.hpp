// Where registers and memory come from: this process, another process under
// ptrace, or a core file. The unwinder and the value reader see only this.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace capsule::target {

// x86-64 registers in DWARF numbering: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi,
// 5 rdi, 6 rbp, 7 rsp, 8..15 r8..r15, 16 rip (the return address column).
inline constexpr int register_count = 17;
inline constexpr int reg_rbp = 6;
inline constexpr int reg_rsp = 7;
inline constexpr int reg_rip = 16;

struct Registers {
    std::array<std::uint64_t, register_count> value{};
    std::array<bool, register_count> known{};

    bool get(int regno, std::uint64_t& out) const {
        if (regno < 0 || regno >= register_count || !known[regno]) return false;
        out = value[regno];
        return true;
    }
    void set(int regno, std::uint64_t v) {
        value[regno] = v;
        known[regno] = true;
    }
};

struct ThreadInfo {
    pid_t tid = 0;
    std::string name;
};

class Target {
public:
    virtual ~Target() = default;
    virtual pid_t pid() const = 0;
    // Checked read: false (never a fault) when any byte is unreadable.
    virtual bool read(std::uint64_t address, void* out, std::size_t size) const = 0;
    virtual std::vector<ThreadInfo> threads() const = 0;
    // Registers of a thread at the point of capture.
    virtual bool registers(pid_t tid, Registers& out) const = 0;
    // Short tag recorded in the capsule: in-process | ptrace | core.
    virtual const char* path_name() const = 0;

    // Reads up to `max` bytes of a NUL-terminated string; `complete` tells
    // whether the terminator was found.
    std::string read_c_string(std::uint64_t address, std::size_t max, bool& complete,
                              bool& readable) const;
};

// This process, one thread: registers from a ucontext taken on that thread.
std::unique_ptr<Target> make_self_target(const void* ucontext, pid_t tid);

// Another process: attaches every thread with ptrace and stops it; detaches in
// the destructor. Fails (nullptr, error set) when ptrace is refused.
std::unique_ptr<Target> make_ptrace_target(pid_t pid, bool stopped_already, std::string& error);

// A core file, with `executable` for the mappings whose file the core names
// but that is no longer there. Fails (nullptr, error set) when `core_path` is
// not a readable x86-64 core file.
std::unique_ptr<Target> make_core_target(const std::string& core_path, const std::string& executable,
                                         std::string& error);

std::string read_thread_name(pid_t pid, pid_t tid);

}  // namespace capsule::target

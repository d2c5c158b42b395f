// The libdwfl session of one target process: its modules, their debug info and
// the unwinder's view of its threads. For this process there is exactly one,
// kept for the life of the process so that later captures find the index warm.
#pragma once

#include <elfutils/libdwfl.h>
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>

#include "target/elf_file.hpp"
#include "target/target.hpp"

namespace capsule::debuginfo {

struct DwflDeleter {
    void operator()(Dwfl* d) const { dwfl_end(d); }
};
using DwflHandle = std::unique_ptr<Dwfl, DwflDeleter>;

// The last libdw/libdwfl error as one line.
std::string libdw_error();

class Session {
public:
    // Reports the modules of `pid` from /proc/PID/maps and attaches the unwinder
    // callbacks, which read through whatever target is bound at unwinding time.
    static std::unique_ptr<Session> open(pid_t pid, std::string& error);
    // The modules a core file records (its link map and NT_FILE note), with
    // `executable` for the main program; the same unwinder callbacks.
    static std::unique_ptr<Session> open_core(const std::string& core_path,
                                              const std::string& executable, pid_t pid,
                                              std::string& error);

    Dwfl* dwfl() const { return dwfl_.get(); }
    pid_t pid() const { return pid_; }

    // The target that memory reads and initial registers come from, for the
    // duration of one capture.
    void bind(const target::Target* target) {
        target_ = target;
        reported_again_ = false;
    }
    const target::Target* target() const { return target_; }

    // The module holding `address`; modules loaded since the last report
    // (dlopen) are reported again once before giving up.
    Dwfl_Module* module_at(std::uint64_t address);

private:
    explicit Session(pid_t pid) : pid_(pid) {}
    bool report_modules(bool add, std::string& error);

    pid_t pid_;
    // A core session's file: libdwfl reads it until dwfl_end, so it is
    // declared first and closed last.
    target::ElfFile core_;
    DwflHandle dwfl_;
    const target::Target* target_ = nullptr;
    bool reported_again_ = false;

    friend struct Callbacks;
};

// This process's session, created on first use. Callers hold self_lock():
// libdwfl is not thread-safe and captures from several threads take turns.
Session* self_session(std::string& error);
std::recursive_mutex& self_lock();

}  // namespace capsule::debuginfo

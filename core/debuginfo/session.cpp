#include "debuginfo/session.hpp"

#include <unistd.h>

#include <string>
#include <vector>

#include "target/proc_maps.hpp"

namespace capsule::debuginfo {

std::string libdw_error() {
    const char* message = dwfl_errmsg(-1);
    return message ? message : "unknown libdw error";
}

// Bridges libdwfl's C callbacks to the target bound to the session.
struct Callbacks {
    static Session* session(void* arg) { return static_cast<Session*>(arg); }

    static pid_t next_thread(Dwfl*, void* arg, void** thread_argp) {
        // Threads are always asked for by tid (dwfl_getthread_frames); iteration
        // walks the target's list through an index kept in *thread_argp.
        auto* s = session(arg);
        if (!s->target_) return 0;
        auto threads = s->target_->threads();
        auto index = reinterpret_cast<std::uintptr_t>(*thread_argp);
        if (index >= threads.size()) return 0;
        *thread_argp = reinterpret_cast<void*>(index + 1);
        return threads[index].tid;
    }

    static bool get_thread(Dwfl*, pid_t tid, void* arg, void** thread_argp) {
        auto* s = session(arg);
        if (!s->target_) return false;
        for (const auto& t : s->target_->threads()) {
            if (t.tid == tid) {
                *thread_argp = arg;
                return true;
            }
        }
        return false;
    }

    static bool memory_read(Dwfl*, Dwarf_Addr address, Dwarf_Word* result, void* arg) {
        auto* s = session(arg);
        return s->target_ && s->target_->read(address, result, sizeof *result);
    }

    static bool set_initial_registers(Dwfl_Thread* thread, void* thread_arg) {
        auto* s = session(thread_arg);
        if (!s->target_) return false;
        target::Registers regs;
        if (!s->target_->registers(dwfl_thread_tid(thread), regs)) return false;
        Dwarf_Word words[target::register_count];
        for (int i = 0; i < target::register_count; ++i) words[i] = regs.value[i];
        if (!dwfl_thread_state_registers(thread, 0, target::register_count, words)) return false;
        dwfl_thread_state_register_pc(thread, regs.value[target::reg_rip]);
        return true;
    }
};

namespace {
const Dwfl_Callbacks offline_callbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = nullptr,
};

// A core's modules are found by build id, then by the paths it recorded.
const Dwfl_Callbacks core_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = nullptr,
};

const Dwfl_Thread_Callbacks thread_callbacks = {
    .next_thread = Callbacks::next_thread,
    .get_thread = Callbacks::get_thread,
    .memory_read = Callbacks::memory_read,
    .set_initial_registers = Callbacks::set_initial_registers,
    .detach = nullptr,
    .thread_detach = nullptr,
};
}  // namespace

// The loaded objects come from our own reading of /proc/PID/maps, not from
// dwfl_linux_proc_report, which can join a library with a copy of its file
// mapped below it and then has the library at the wrong address (see
// target/proc_maps.hpp). Names follow libdwfl's, so that
// dwfl_linux_proc_find_elf opens each one as it would have.
bool Session::report_modules(bool add, std::string& error) {
    std::vector<target::LoadedObject> objects;
    if (!target::read_loaded_objects(pid_, objects, error)) {
        error = "cannot read the modules of process " + std::to_string(pid_) + ": " + error;
        return false;
    }
    if (add)
        dwfl_report_begin_add(dwfl_.get());
    else
        dwfl_report_begin(dwfl_.get());
    bool reported = true;
    for (const target::LoadedObject& object : objects) {
        const std::string name =
            object.vdso ? "[vdso: " + std::to_string(pid_) + "]" : object.path;
        if (!dwfl_report_module(dwfl_.get(), name.c_str(), object.low, object.high))
            reported = false;
    }
    if (dwfl_report_end(dwfl_.get(), nullptr, nullptr) != 0 || !reported) {
        error = "cannot read the modules of process " + std::to_string(pid_) + ": " + libdw_error();
        return false;
    }
    return true;
}

std::unique_ptr<Session> Session::open(pid_t pid, std::string& error) {
    std::unique_ptr<Session> s(new Session(pid));
    s->dwfl_.reset(dwfl_begin(&offline_callbacks));
    if (!s->dwfl_) {
        error = "dwfl_begin: " + libdw_error();
        return nullptr;
    }
    if (!s->report_modules(false, error)) return nullptr;
    if (!dwfl_attach_state(s->dwfl_.get(), nullptr, pid, &thread_callbacks, s.get())) {
        error = "dwfl_attach_state: " + libdw_error();
        return nullptr;
    }
    return s;
}

std::unique_ptr<Session> Session::open_core(const std::string& core_path,
                                            const std::string& executable, pid_t pid,
                                            std::string& error) {
    std::unique_ptr<Session> s(new Session(pid));
    if (!s->core_.open(core_path, error)) return nullptr;
    s->dwfl_.reset(dwfl_begin(&core_callbacks));
    if (!s->dwfl_) {
        error = "dwfl_begin: " + libdw_error();
        return nullptr;
    }
    dwfl_report_begin(s->dwfl_.get());
    int reported = dwfl_core_file_report(s->dwfl_.get(), s->core_.elf(),
                                         executable.empty() ? nullptr : executable.c_str());
    if (dwfl_report_end(s->dwfl_.get(), nullptr, nullptr) != 0 || reported < 0) {
        error = "cannot read the modules of core file " + core_path + ": " + libdw_error();
        return nullptr;
    }
    if (!dwfl_attach_state(s->dwfl_.get(), s->core_.elf(), pid, &thread_callbacks, s.get())) {
        error = "dwfl_attach_state: " + libdw_error();
        return nullptr;
    }
    return s;
}

Dwfl_Module* Session::module_at(std::uint64_t address) {
    Dwfl_Module* module = dwfl_addrmodule(dwfl_.get(), address);
    // A core's modules are all it will ever have: /proc is another process.
    if (module || reported_again_ || core_.elf()) return module;
    // A library loaded after the index was built: report once more, then give up
    // on that address so a stray pc cannot make every frame rescan /proc.
    reported_again_ = true;
    std::string ignored;
    if (!report_modules(true, ignored)) return nullptr;
    return dwfl_addrmodule(dwfl_.get(), address);
}

std::recursive_mutex& self_lock() {
    static std::recursive_mutex lock;
    return lock;
}

Session* self_session(std::string& error) {
    static std::unique_ptr<Session> session;
    static pid_t owner = 0;
    // After fork the child is another process: its index must be its own.
    if (!session || owner != getpid()) {
        session.reset();
        session = Session::open(getpid(), error);
        owner = getpid();
    }
    return session.get();
}

}  // namespace capsule::debuginfo

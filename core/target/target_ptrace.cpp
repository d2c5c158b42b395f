// Another process under ptrace: every thread is attached and stopped for the
// capture, memory comes through process_vm_readv (bulk, checked), registers
// through PTRACE_GETREGS. The destructor detaches and leaves it running.
#include <dirent.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "target/target.hpp"

namespace capsule::target {
namespace {

std::vector<pid_t> list_tids(pid_t pid) {
    std::vector<pid_t> tids;
    std::string dir = "/proc/" + std::to_string(pid) + "/task";
    DIR* d = opendir(dir.c_str());
    if (!d) return tids;
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        tids.push_back(static_cast<pid_t>(std::strtol(e->d_name, nullptr, 10)));
    }
    closedir(d);
    return tids;
}

// Waits for a freshly attached thread to stop, within a bound: a thread that
// never reports (zombie, exiting) must not hang the capture.
bool wait_stopped(pid_t tid) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        pid_t r = waitpid(tid, &status, __WALL | WNOHANG);
        if (r == tid) {
            if (WIFSTOPPED(status)) return true;
            if (WIFEXITED(status) || WIFSIGNALED(status)) return false;
        } else if (r < 0 && errno != EINTR) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return false;
}

class PtraceTarget final : public Target {
public:
    PtraceTarget(pid_t pid, bool stopped_already) : pid_(pid), owns_attach_(!stopped_already) {}

    ~PtraceTarget() override {
        if (!owns_attach_) return;
        for (pid_t tid : attached_) ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
    }

    bool attach_all(std::string& error) {
        // Threads may be created while we attach: repeat until the set is stable.
        for (int round = 0; round < 10; ++round) {
            bool added = false;
            for (pid_t tid : list_tids(pid_)) {
                if (is_attached(tid)) continue;
                if (!owns_attach_) {
                    attached_.push_back(tid);
                    added = true;
                    continue;
                }
                if (ptrace(PTRACE_ATTACH, tid, nullptr, nullptr) != 0) {
                    if (tid == pid_) {
                        error = "ptrace attach to " + std::to_string(pid_) +
                                " failed: " + std::strerror(errno);
                        return false;
                    }
                    continue;  // the thread exited meanwhile
                }
                if (wait_stopped(tid)) attached_.push_back(tid);
                added = true;
            }
            if (!added) break;
        }
        if (attached_.empty()) {
            error = "no thread of " + std::to_string(pid_) + " could be stopped";
            return false;
        }
        return true;
    }

    pid_t pid() const override { return pid_; }

    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        if (size == 0) return true;
        iovec local{out, size};
        iovec remote{reinterpret_cast<void*>(address), size};
        if (process_vm_readv(pid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(size))
            return true;
        // process_vm_readv may be unavailable (EPERM in some containers): word by word.
        auto* bytes = static_cast<unsigned char*>(out);
        for (std::size_t done = 0; done < size;) {
            std::uint64_t aligned = (address + done) & ~std::uint64_t{7};
            errno = 0;
            long word = ptrace(PTRACE_PEEKDATA, pid_, reinterpret_cast<void*>(aligned), nullptr);
            if (errno != 0) return false;
            std::size_t skip = (address + done) - aligned;
            std::size_t take = std::min<std::size_t>(8 - skip, size - done);
            std::memcpy(bytes + done, reinterpret_cast<unsigned char*>(&word) + skip, take);
            done += take;
        }
        return true;
    }

    std::vector<ThreadInfo> threads() const override {
        std::vector<ThreadInfo> out;
        for (pid_t tid : attached_) out.push_back({tid, read_thread_name(pid_, tid)});
        return out;
    }

    bool registers(pid_t tid, Registers& out) const override {
        user_regs_struct r{};
        if (ptrace(PTRACE_GETREGS, tid, nullptr, &r) != 0) return false;
        const unsigned long long dwarf_order[register_count] = {
            r.rax, r.rdx, r.rcx, r.rbx, r.rsi, r.rdi, r.rbp, r.rsp, r.r8,
            r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, r.rip};
        for (int i = 0; i < register_count; ++i) out.set(i, dwarf_order[i]);
        return true;
    }

    const char* path_name() const override { return "ptrace"; }

private:
    bool is_attached(pid_t tid) const {
        for (pid_t t : attached_)
            if (t == tid) return true;
        return false;
    }

    pid_t pid_;
    bool owns_attach_;
    std::vector<pid_t> attached_;
};

}  // namespace

std::unique_ptr<Target> make_ptrace_target(pid_t pid, bool stopped_already, std::string& error) {
    auto target = std::make_unique<PtraceTarget>(pid, stopped_already);
    if (!target->attach_all(error)) return nullptr;
    return target;
}

}  // namespace capsule::target

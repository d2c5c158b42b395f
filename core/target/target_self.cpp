// This process: memory through process_vm_readv on our own pid, which checks
// every address in the kernel instead of faulting, and one thread's registers
// from a ucontext taken on that thread (getcontext or a signal handler's).
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "target/target.hpp"

namespace capsule::target {
namespace {

class SelfTarget final : public Target {
public:
    SelfTarget(const ucontext_t& context, pid_t tid) : pid_(getpid()), tid_(tid) {
        const greg_t* g = context.uc_mcontext.gregs;
        // ucontext order differs from DWARF order; map each register by name.
        const int dwarf_to_greg[register_count] = {REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI,
                                                   REG_RDI, REG_RBP, REG_RSP, REG_R8,  REG_R9,
                                                   REG_R10, REG_R11, REG_R12, REG_R13, REG_R14,
                                                   REG_R15, REG_RIP};
        for (int i = 0; i < register_count; ++i)
            registers_.set(i, static_cast<std::uint64_t>(g[dwarf_to_greg[i]]));
    }

    pid_t pid() const override { return pid_; }

    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        if (size == 0) return true;
        iovec local{out, size};
        iovec remote{reinterpret_cast<void*>(address), size};
        ssize_t n = process_vm_readv(pid_, &local, 1, &remote, 1, 0);
        return n == static_cast<ssize_t>(size);
    }

    std::vector<ThreadInfo> threads() const override {
        return {ThreadInfo{tid_, read_thread_name(pid_, tid_)}};
    }

    bool registers(pid_t tid, Registers& out) const override {
        if (tid != tid_) return false;
        out = registers_;
        return true;
    }

    const char* path_name() const override { return "in-process"; }

private:
    pid_t pid_;
    pid_t tid_;
    Registers registers_;
};

}  // namespace

std::unique_ptr<Target> make_self_target(const void* ucontext, pid_t tid) {
    return std::make_unique<SelfTarget>(*static_cast<const ucontext_t*>(ucontext), tid);
}

}  // namespace capsule::target

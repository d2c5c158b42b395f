#include "crash/signal_handler.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "crash/async_text.hpp"
#include "crash/budget.hpp"
#include "crash/helper_launch.hpp"
#include "crash/in_process.hpp"

namespace capsule::crash {

namespace {

constexpr int handled_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
constexpr std::size_t signal_count = sizeof handled_signals / sizeof handled_signals[0];

// Big enough for the helper path (fork, exec, wait) and the handler's frame;
// the in-process capture moves to its own, larger stack.
constexpr std::size_t alternate_stack_size = 128 * 1024;
constexpr std::size_t fallback_stack_size = 8 * 1024 * 1024;

struct sigaction previous_actions[signal_count];
std::atomic<bool> installed{false};
pid_t installing_pid = 0;
std::atomic<const CrashSetup*> active_setup{nullptr};
std::unique_ptr<CrashSetup> owned_setup;

// An mmap'd region with a guard page below it: a stack that overflows into
// the guard faults instead of writing over the heap.
class StackMemory {
public:
    explicit StackMemory(std::size_t size) : size_(size) {
        const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        void* base = ::mmap(nullptr, size + page, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (base == MAP_FAILED) return;
        ::mprotect(base, page, PROT_NONE);
        base_ = base;
        page_ = page;
    }
    ~StackMemory() {
        if (base_) ::munmap(base_, size_ + page_);
    }
    StackMemory(const StackMemory&) = delete;
    StackMemory& operator=(const StackMemory&) = delete;

    bool ok() const { return base_ != nullptr; }
    void* bottom() const { return static_cast<char*>(base_) + page_; }
    std::size_t size() const { return size_; }

private:
    void* base_ = nullptr;
    std::size_t size_;
    std::size_t page_ = 0;
};

// One per thread that asked for one; given back when the thread ends.
class AlternateStack {
public:
    AlternateStack() : memory_(alternate_stack_size) {
        if (!memory_.ok()) return;
        stack_t stack{};
        stack.ss_sp = memory_.bottom();
        stack.ss_size = memory_.size();
        active_ = ::sigaltstack(&stack, nullptr) == 0;
    }
    ~AlternateStack() {
        if (!active_) return;
        // Only take it away if it is still ours (a framework may have set its own).
        stack_t current{};
        if (::sigaltstack(nullptr, &current) == 0 && current.ss_sp == memory_.bottom() &&
            !(current.ss_flags & SS_ONSTACK)) {
            stack_t disable{};
            disable.ss_flags = SS_DISABLE;
            ::sigaltstack(&disable, nullptr);
        }
    }
    AlternateStack(const AlternateStack&) = delete;
    AlternateStack& operator=(const AlternateStack&) = delete;

private:
    StackMemory memory_;
    bool active_ = false;
};

thread_local std::unique_ptr<AlternateStack> thread_stack;
std::unique_ptr<StackMemory> fallback_stack;

pid_t current_tid() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

void restore_previous_actions() {
    for (std::size_t i = 0; i < signal_count; ++i)
        ::sigaction(handled_signals[i], &previous_actions[i], nullptr);
}

// The in-process capture allocates and unwinds deeply: it runs on its own
// stack, never on the small alternate stack (nor on one a framework set up).
struct FallbackJob {
    const CrashSetup* setup;
    const ucontext_t* context;
    int signal;
    int code;
    std::uint64_t address;
    pid_t sender;
    pid_t tid;
};
FallbackJob fallback_job;
ucontext_t fallback_context;
ucontext_t handler_context;

void fallback_entry() {
    const FallbackJob& job = fallback_job;
    capture_crash_in_process(*job.setup, *job.context, job.signal, job.code, job.address,
                             job.sender, job.tid);
}

void run_fallback(const FallbackJob& job) {
    fallback_job = job;
    if (!fallback_stack || !fallback_stack->ok() || ::getcontext(&fallback_context) != 0) {
        fallback_entry();
        return;
    }
    fallback_context.uc_stack.ss_sp = fallback_stack->bottom();
    fallback_context.uc_stack.ss_size = fallback_stack->size();
    fallback_context.uc_link = &handler_context;
    ::makecontext(&fallback_context, fallback_entry, 0);
    ::swapcontext(&handler_context, &fallback_context);
}

void capture(const CrashSetup& setup, int sig, const siginfo_t* info, void* context, pid_t tid) {
    const int code = info ? info->si_code : 0;
    const std::uint64_t address =
        info ? reinterpret_cast<std::uint64_t>(info->si_addr) : 0;
    // si_pid is only set for signals sent by a process (kill, raise, abort).
    const pid_t sender = info && code <= 0 ? info->si_pid : 0;

    HelperOutcome outcome = HelperOutcome::not_started;
    if (setup.use_helper) {
        HelperEvent event;
        event.kind = "crash";
        event.tid = tid;
        event.signal = sig;
        event.code = code;
        event.address = address;
        event.sender = sender;
        outcome = run_helper(event);
    }
    switch (outcome) {
        case HelperOutcome::written:
            return;
        case HelperOutcome::capture_failed:
        case HelperOutcome::not_started:
            if (setup.in_process_fallback && context) {
                run_fallback({&setup, static_cast<const ucontext_t*>(context), sig, code, address,
                              sender, tid});
                return;
            }
            break;
        case HelperOutcome::timed_out:
            write_text(2, "capsule: the crash helper did not finish in time; no crash capsule\n");
            break;
        case HelperOutcome::failed:
            write_text(2, "capsule: the crash helper failed; no crash capsule\n");
            break;
    }
    give_back_capsule();
}

// What the test framework (and the test) printed so far sits in stdout's
// buffer when stdout is a pipe, as in CI: written out before the process dies,
// as exit() would have. Not async-signal-safe in general; a lock that another
// thread holds is left alone rather than waited for.
void flush_framework_output() {
    if (::ftrylockfile(stdout) != 0) return;
    std::fflush(stdout);
    ::funlockfile(stdout);
}

// A fault another handler caught first and re-raised. Catch2's fatal-condition
// handler reports the fault, puts the previous handlers (ours) back and calls
// raise(): the signal arrives as SI_TKILL from this process, without the
// fault's code and address, and the kernel's frame that held them has been
// reused for this delivery. The interrupted context is the faulting
// instruction itself: returning re-executes it, and it faults again, now with
// its own siginfo. Once only, so a fault that does not repeat cannot loop.
std::atomic<bool> fault_retried{false};

bool retry_reraised_fault(int sig, const siginfo_t* info) {
    const bool synchronous_fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE;
    if (!synchronous_fault || info == nullptr || info->si_code != SI_TKILL ||
        info->si_pid != ::getpid())
        return false;
    return !fault_retried.exchange(true);
}

void handle_crash(int sig, siginfo_t* info, void* context) {
    const int saved_errno = errno;
    if (active_setup.load() && ::getpid() == installing_pid && retry_reraised_fault(sig, info)) {
        errno = saved_errno;
        return;
    }
    const CrashSetup* setup = active_setup.load();
    // A forked child (a death test, a test's own fork) dies as it was meant
    // to: its crash is the parent's business, not a capsule.
    if (!setup || ::getpid() != installing_pid) {
        restore_previous_actions();
        ::raise(sig);
        errno = saved_errno;
        return;
    }
    const pid_t tid = current_tid();
    const pid_t holder = claim_final_capture(tid);
    if (holder == 0) {
        if (take_capsule()) capture(*setup, sig, info, context, tid);
        flush_framework_output();
    } else if (holder != tid) {
        // Another thread crashed first and is being captured; its re-raise
        // ends the process. Waiting here keeps this thread's stack intact for
        // that capture. Bounded, in case the first one never ends.
        const long waited_limit_ms = 120 * 1000;
        for (long waited = 0; waited < waited_limit_ms; waited += 50) {
            timespec ts{0, 50 * 1000000L};
            ::nanosleep(&ts, nullptr);
        }
    }
    // holder == tid: this thread crashed again inside its own capture. No
    // second try; die with the signal.
    restore_previous_actions();
    // Blocked while this handler runs: delivered, with the previous
    // disposition, as soon as the handler returns.
    ::raise(sig);
    errno = saved_errno;
}

}  // namespace

void install_crash_handlers(const CrashSetup& setup) {
    if (installed.load()) uninstall_crash_handlers();
    owned_setup = std::make_unique<CrashSetup>(setup);
    if (!fallback_stack) fallback_stack = std::make_unique<StackMemory>(fallback_stack_size);
    installing_pid = ::getpid();
    active_setup.store(owned_setup.get());
    ensure_alternate_stack();

    struct sigaction action {};
    action.sa_sigaction = handle_crash;
    // No SA_NODEFER: the same signal inside the handler is a fault of ours and
    // the kernel ends the process. No SA_RESETHAND: the handler restores the
    // exact previous action itself.
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < signal_count; ++i)
        ::sigaction(handled_signals[i], &action, &previous_actions[i]);
    installed.store(true);
}

void uninstall_crash_handlers() {
    if (!installed.exchange(false)) return;
    for (std::size_t i = 0; i < signal_count; ++i) {
        struct sigaction current {};
        ::sigaction(handled_signals[i], nullptr, &current);
        if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == handle_crash)
            ::sigaction(handled_signals[i], &previous_actions[i], nullptr);
    }
    active_setup.store(nullptr);
    // owned_setup stays allocated: a handler on another thread may still read it.
}

bool crash_handlers_installed() { return installed.load(); }

void ensure_alternate_stack() {
    // Called at every test start: one sigaltstack query per thread, not per test.
    thread_local bool checked = false;
    if (checked) return;
    checked = true;
    stack_t current{};
    if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    thread_stack = std::make_unique<AlternateStack>();
}

}  // namespace capsule::crash

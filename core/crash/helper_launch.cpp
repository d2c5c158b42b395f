#include "crash/helper_launch.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include "crash/async_text.hpp"
#include "crash/helper_protocol.hpp"
#include "crash/test_slot.hpp"

extern char** environ;

namespace capsule::crash {

namespace {

constexpr const char* helper_name = "capsule-crash-helper";

struct Prepared {
    HelperSetup setup;
    char pid[24] = {};
    long timeout_ms = 0;
};

std::atomic<Prepared*> prepared{nullptr};

// Buffers the launch fills; one launch at a time, so static storage serves.
TestFields fields;
char tid_text[24], exclude_text[24], signal_text[24], code_text[24], address_text[24],
    sender_text[24];
char* argv_storage[64];

long now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void sleep_ms(long ms) {
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr);  // EINTR just shortens one poll interval
}

bool executable(const std::string& path) {
    return !path.empty() && ::access(path.c_str(), X_OK) == 0;
}

std::string directory_of_executable() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return {};
    std::string path(buffer, static_cast<std::size_t>(n));
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Fills argv_storage; every pointer refers to static or prepared storage.
void build_argv(const Prepared& p, const HelperEvent& event) {
    std::size_t n = 0;
    auto add = [&n](const char* flag, const char* value) {
        // Two slots per flag and one for the terminator.
        if (n + 3 > sizeof argv_storage / sizeof argv_storage[0]) return;
        argv_storage[n++] = const_cast<char*>(flag);
        argv_storage[n++] = const_cast<char*>(value);
    };
    argv_storage[n++] = const_cast<char*>(p.setup.path.c_str());
    add(protocol::pid, p.pid);
    add(protocol::tid, tid_text);
    add(protocol::exclude_tid, exclude_text);
    add(protocol::kind, event.kind);
    add(protocol::signal, signal_text);
    add(protocol::code, code_text);
    add(protocol::address, address_text);
    add(protocol::sender, sender_text);
    add(protocol::message, event.message ? event.message : "");
    add(protocol::output, p.setup.output_dir.c_str());
    add(protocol::options, p.setup.options_yaml.c_str());
    add(protocol::framework, p.setup.framework.c_str());
    add(protocol::suite, fields.suite);
    add(protocol::name, fields.name);
    add(protocol::full_name, fields.full_name);
    add(protocol::parameters, fields.parameters);
    add(protocol::section, fields.section);
    add(protocol::file, fields.file);
    add(protocol::line, fields.line);
    argv_storage[n] = nullptr;
}

pid_t fork_without_handlers() {
    // _Fork skips the atfork handlers: glibc's own take the malloc locks, which
    // a crash inside malloc may hold.
    return _Fork();
}

}  // namespace

bool helper_can_attach() {
    const int fd = ::open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;  // no Yama: PR_SET_PTRACER is not even needed
    char scope = 0;
    const bool read_one = ::read(fd, &scope, 1) == 1;
    ::close(fd);
    return !read_one || scope != '3';
}

void prepare_helper(const HelperSetup& setup) {
    auto next = std::make_unique<Prepared>();
    next->setup = setup;
    format_decimal(next->pid, sizeof next->pid, ::getpid());
    // The helper bounds itself (alarm) while it holds the process stopped;
    // this bound is for a helper that never gets that far, so it is longer.
    next->timeout_ms = static_cast<long>((setup.timeout_s + 10) * 1000);
    // The old setup may be read by a handler running right now on another
    // thread; it is only freed by forget_helper, when no handler is armed.
    static std::unique_ptr<Prepared> retired;
    retired.reset(prepared.exchange(next.release()));
}

void forget_helper() { delete prepared.exchange(nullptr); }

bool helper_prepared() {
    const Prepared* p = prepared.load();
    return p && !p->setup.path.empty();
}

std::string find_helper(const std::string& configured, const std::string& built_in) {
    if (!configured.empty()) return executable(configured) ? configured : std::string();
    if (const char* env = std::getenv("CAPSULE_HELPER"); env && *env)
        return executable(env) ? std::string(env) : std::string();
    const std::string beside = directory_of_executable() + "/" + helper_name;
    if (executable(beside)) return beside;
    if (executable(built_in)) return built_in;
    return {};
}

pid_t claim_final_capture(pid_t tid) {
    static std::atomic<pid_t> holder{0};
    pid_t expected = 0;
    if (holder.compare_exchange_strong(expected, tid)) return 0;
    return expected;
}

HelperOutcome run_helper(const HelperEvent& event) {
    const Prepared* p = prepared.load();
    if (!p || p->setup.path.empty()) return HelperOutcome::not_started;

    current_test().read(fields);
    format_decimal(tid_text, sizeof tid_text, event.tid);
    format_decimal(exclude_text, sizeof exclude_text, event.exclude_tid);
    format_decimal(signal_text, sizeof signal_text, event.signal);
    format_decimal(code_text, sizeof code_text, event.code);
    format_hex(address_text, sizeof address_text, event.address);
    format_decimal(sender_text, sizeof sender_text, event.sender);
    build_argv(*p, event);

    // The child waits on `go` until the parent has allowed it to ptrace.
    int go[2];
    if (::pipe2(go, O_CLOEXEC) != 0) return HelperOutcome::not_started;
    const pid_t child = fork_without_handlers();
    if (child < 0) {
        ::close(go[0]);
        ::close(go[1]);
        return HelperOutcome::not_started;
    }
    if (child == 0) {
        // A handler runs with its signal blocked, and exec keeps the mask.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        ::close(go[1]);
        char byte;
        while (::read(go[0], &byte, 1) < 0 && errno == EINTR) {
        }
        ::execve(p->setup.path.c_str(), argv_storage, environ);
        ::_exit(protocol::exec_failed);
    }
    ::close(go[0]);
    // Needed where Yama restricts ptrace to ancestors; harmless (EINVAL) elsewhere.
    ::prctl(PR_SET_PTRACER, static_cast<unsigned long>(child), 0, 0, 0);
    while (::write(go[1], "g", 1) < 0 && errno == EINTR) {
    }
    ::close(go[1]);

    const long deadline = now_ms() + p->timeout_ms;
    long pause = 1;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(child, &status, WNOHANG);
        if (r == child) {
            if (WIFEXITED(status)) {
                switch (WEXITSTATUS(status)) {
                    case protocol::written: return HelperOutcome::written;
                    case protocol::capture_failed: return HelperOutcome::capture_failed;
                    case protocol::exec_failed: return HelperOutcome::not_started;
                    default: return HelperOutcome::failed;
                }
            }
            return HelperOutcome::failed;
        }
        if (r < 0 && errno != EINTR) {
            // SIGCHLD ignored: the child was reaped for us and its status is
            // gone. It ran; whether it wrote is unknown.
            return HelperOutcome::failed;
        }
        if (now_ms() > deadline) {
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            return HelperOutcome::timed_out;
        }
        sleep_ms(pause);
        if (pause < 20) pause *= 2;
    }
}

}  // namespace capsule::crash

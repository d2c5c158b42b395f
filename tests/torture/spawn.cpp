#include "spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace capsule::torture {
namespace {

std::vector<std::string> environment(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        bool replaced = false;
        for (const std::string& s : extra)
            if (s.compare(0, name.size() + 1, name + "=") == 0) replaced = true;
        // The test's own options only: a CI running this suite under capsule
        // must not redirect the victim's capsules.
        if (!replaced && name.rfind("CAPSULE_", 0) != 0) env.push_back(entry);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// Reads a pipe to its end on a thread of its own, so the victim never blocks.
class Drain {
public:
    explicit Drain(int fd) : thread_([this, fd] {
          char buffer[4096];
          for (;;) {
              ssize_t n = ::read(fd, buffer, sizeof buffer);
              if (n < 0 && errno == EINTR) continue;
              if (n <= 0) break;
              text_.append(buffer, static_cast<std::size_t>(n));
          }
          ::close(fd);
      }) {}
    std::string finish() {
        thread_.join();
        return text_;
    }

private:
    std::string text_;
    std::thread thread_;
};

// Follows every thread of the traced victim until it ends; SIGKILLs it at
// the first system call `kill_at` picks.
int trace(pid_t child, const Spawn& spec, bool& killed) {
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
        throw std::runtime_error("the traced victim did not stop at exec");
    ::ptrace(PTRACE_SETOPTIONS, child, nullptr,
             PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    ::ptrace(PTRACE_SYSCALL, child, nullptr, nullptr);
    for (;;) {
        const pid_t tid = ::waitpid(-1, &status, __WALL);
        if (tid < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
        }
        if (tid == child && (WIFEXITED(status) || WIFSIGNALED(status))) return status;
        if (!WIFSTOPPED(status)) continue;  // another thread ended
        int deliver = 0;
        const int sig = WSTOPSIG(status);
        if (sig == (SIGTRAP | 0x80)) {
            user_regs_struct regs{};
            ::ptrace(PTRACE_GETREGS, tid, nullptr, &regs);
            // At entry the kernel has not run the call yet: rax holds -ENOSYS.
            if (static_cast<long>(regs.rax) == -ENOSYS && !killed) {
                Syscall call{tid, static_cast<long>(regs.orig_rax),
                             {static_cast<long>(regs.rdi), static_cast<long>(regs.rsi),
                              static_cast<long>(regs.rdx)}};
                if (spec.kill_at(call)) {
                    killed = true;
                    ::kill(child, SIGKILL);
                    continue;  // nothing runs any more; wait for the end
                }
            }
        } else if (status >> 16 != 0 || sig == SIGSTOP) {
            // A ptrace event (a new thread) or a new thread's initial stop.
        } else {
            deliver = sig;
        }
        ::ptrace(PTRACE_SYSCALL, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(deliver)));
    }
}

}  // namespace

std::string Result::describe() const {
    std::string s = timed_out ? "timed out" : WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                              : WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                                    : "status " + std::to_string(status);
    return s + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
}

Result spawn(const Spawn& spec) {
    std::vector<std::string> env = environment(spec.env);
    std::vector<std::string> args{spec.program};
    args.insert(args.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> envp = pointers(env), argv = pointers(args);
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");

    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        if (spec.file_size_limit >= 0) {
            rlimit limit{static_cast<rlim_t>(spec.file_size_limit),
                         static_cast<rlim_t>(spec.file_size_limit)};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        }
        if (spec.kill_at) ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
        ::execve(spec.program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    Drain out(out_pipe[0]), err(err_pipe[0]);

    Result result;
    if (spec.kill_at) {
        result.status = trace(child, spec, result.killed_by_tracer);
    } else {
        const auto deadline = std::chrono::steady_clock::now() +
                              std::chrono::milliseconds(static_cast<long>(spec.timeout_s * 1000));
        for (;;) {
            const pid_t done = ::waitpid(child, &result.status, WNOHANG);
            if (done == child) break;
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(child, SIGKILL);
                ::waitpid(child, &result.status, 0);
                result.timed_out = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    // A helper the victim started may hold the pipes a little longer.
    result.out = out.finish();
    result.err = err.finish();
    return result;
}

int start(const Spawn& spec) {
    std::vector<std::string> env = environment(spec.env);
    std::vector<std::string> args{spec.program};
    args.insert(args.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> envp = pointers(env), argv = pointers(args);
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
        ::execve(spec.program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    return child;
}

std::string fd_path(int pid, long fd) {
    char buffer[4096];
    const std::string link = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
    return n <= 0 ? std::string() : std::string(buffer, static_cast<std::size_t>(n));
}

std::string read_string(int pid, long address) {
    char buffer[4096] = {};
    iovec local{buffer, sizeof buffer - 1};
    iovec remote{reinterpret_cast<void*>(address), sizeof buffer - 1};
    // A path may end close to an unmapped page: read less when a full read fails.
    for (std::size_t size = sizeof buffer - 1; size >= 64; size /= 2) {
        local.iov_len = remote.iov_len = size;
        if (::process_vm_readv(pid, &local, 1, &remote, 1, 0) > 0) break;
    }
    return std::string(buffer, ::strnlen(buffer, sizeof buffer - 1));
}

}  // namespace capsule::torture

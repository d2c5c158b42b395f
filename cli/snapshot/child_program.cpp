#include "snapshot/child_program.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "snapshot/locate.hpp"

namespace capsule::cli {
namespace {

volatile sig_atomic_t forward_to = 0;
struct sigaction saved[4];
constexpr int ignored_signals[] = {SIGINT, SIGQUIT};
constexpr int forwarded_signals[] = {SIGTERM, SIGHUP};

void forward(int signal) {
    if (forward_to > 0) ::kill(static_cast<pid_t>(forward_to), signal);
}

}  // namespace

pid_t start_program(const std::vector<std::string>& argv, const EnvironmentChanges& changes) {
    if (argv.empty()) throw std::runtime_error("no program to run");
    const std::string program = find_program(argv[0]);
    if (program.empty()) throw std::runtime_error("cannot run " + argv[0] + ": no such program");

    // Everything the child needs is built before fork: between fork and
    // exec only async-signal-safe calls.
    std::vector<std::string> environment;
    for (char** entry = environ; *entry; ++entry) {
        const std::string e(*entry);
        bool replaced = false;
        for (const auto& [name, value] : changes) replaced = replaced || e.rfind(name + "=", 0) == 0;
        if (!replaced) environment.push_back(e);
    }
    for (const auto& [name, value] : changes) environment.push_back(name + "=" + value);
    std::vector<char*> envp, args;
    for (std::string& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> arguments = argv;
    for (std::string& a : arguments) args.push_back(a.data());
    args.push_back(nullptr);

    int report[2];  // carries exec's errno back; closed by a successful exec
    if (::pipe2(report, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(report[0]);
        ::close(report[1]);
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (child == 0) {
        ::close(report[0]);
        ::execve(program.c_str(), args.data(), envp.data());
        const int error = errno;
        [[maybe_unused]] const ssize_t n = ::write(report[1], &error, sizeof error);
        ::_exit(127);
    }
    ::close(report[1]);
    int error = 0;
    ssize_t n;
    while ((n = ::read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (n == sizeof error) {
        int status = 0;
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
        throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(error));
    }
    return child;
}

ForwardSignals::ForwardSignals(pid_t program) {
    forward_to = program;
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_handler = SIG_IGN;
    ::sigaction(ignored_signals[0], &action, &saved[0]);
    ::sigaction(ignored_signals[1], &action, &saved[1]);
    action.sa_handler = forward;
    action.sa_flags = SA_RESTART;
    ::sigaction(forwarded_signals[0], &action, &saved[2]);
    ::sigaction(forwarded_signals[1], &action, &saved[3]);
}

ForwardSignals::~ForwardSignals() {
    ::sigaction(ignored_signals[0], &saved[0], nullptr);
    ::sigaction(ignored_signals[1], &saved[1], nullptr);
    ::sigaction(forwarded_signals[0], &saved[2], nullptr);
    ::sigaction(forwarded_signals[1], &saved[3], nullptr);
    forward_to = 0;
}

bool wait_program(pid_t program, double seconds, int& status) {
    if (seconds < 0) {
        while (::waitpid(program, &status, 0) < 0) {
            if (errno != EINTR) return false;
        }
        return true;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        const pid_t r = ::waitpid(program, &status, WNOHANG);
        if (r == program) return true;
        if (r < 0 && errno != EINTR) return false;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

int end_like(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (!WIFSIGNALED(status)) return 1;
    const int signal = WTERMSIG(status);
    std::cout.flush();
    std::cerr.flush();
    // The program dumped core already if it was going to; capsule must not
    // add one of its own.
    rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
    ::raise(signal);
    // A signal whose default is to be ignored (SIGCHLD, SIGWINCH): the shell's convention.
    return 128 + signal;
}

}  // namespace capsule::cli

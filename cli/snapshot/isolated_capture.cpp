#include "snapshot/isolated_capture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>

namespace capsule::cli {
namespace {

class Descriptor {
public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    ~Descriptor() { reset(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

void write_all(int fd, const std::string& text) {
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

// The child's whole life: capture, keep, answer on `fd` with
// "ok THREADS PATH" or "error MESSAGE".
[[noreturn]] void child_main(int fd, const std::function<Report()>& capture, const Destination& destination) {
    std::string answer;
    try {
        const Report report = capture();
        if (report.threads.empty()) {
            std::string why = report.capture.notes.empty() ? "no thread could be captured"
                                                           : report.capture.notes.front();
            if (why.rfind("capture failed: ", 0) == 0) why.erase(0, 16);
            answer = "error " + one_line(why);
        } else {
            const std::string path = keep_capsule(report, destination);
            answer = "ok " + std::to_string(report.threads.size()) + " " + one_line(path);
        }
    } catch (const std::exception& e) {
        answer = "error " + one_line(e.what());
    } catch (...) {
        answer = "error unknown error";
    }
    write_all(fd, answer);
    // _exit: the parent's buffered output and atexit handlers are not ours to run.
    ::_exit(0);
}

}  // namespace

CaptureOutcome capture_isolated(const std::function<Report()>& capture, const Destination& destination,
                                double timeout_s) {
    CaptureOutcome outcome;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        outcome.error = std::string("pipe: ") + std::strerror(errno);
        return outcome;
    }
    Descriptor read_end(fds[0]), write_end(fds[1]);
    const pid_t child = ::fork();
    if (child < 0) {
        outcome.error = std::string("fork: ") + std::strerror(errno);
        return outcome;
    }
    if (child == 0) {
        read_end.reset();
        child_main(write_end.get(), capture, destination);
    }
    write_end.reset();

    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    bool timed_out = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{read_end.get(), POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::read(read_end.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    if (timed_out) ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) {
        outcome.error = "the capture took longer than " + std::to_string(static_cast<int>(timeout_s)) + " s";
        return outcome;
    }
    if (answer.rfind("ok ", 0) == 0) {
        const auto space = answer.find(' ', 3);
        if (space != std::string::npos) {
            outcome.ok = true;
            outcome.threads = std::strtoul(answer.c_str() + 3, nullptr, 10);
            outcome.path = answer.substr(space + 1);
            return outcome;
        }
    }
    if (answer.rfind("error ", 0) == 0) {
        outcome.error = answer.substr(6);
    } else if (WIFSIGNALED(status)) {
        outcome.error = std::string("the capture died of signal ") + std::to_string(WTERMSIG(status));
    } else {
        outcome.error = "the capture ended without an answer";
    }
    return outcome;
}

}  // namespace capsule::cli

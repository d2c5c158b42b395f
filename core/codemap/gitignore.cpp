#include "codemap/gitignore.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <string_view>

#include "codemap/ignore_rules.hpp"
#include "target/descriptor.hpp"

namespace capsule::codemap {
namespace {

using target::Descriptor;

bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

// The top of the work tree that holds `path`: the nearest directory with a
// .git entry (a directory, or a file in a linked work tree). Empty: none.
std::string work_tree_of(const std::string& path, std::map<std::string, std::string>& cache) {
    std::vector<std::string> visited;
    std::string top;
    for (std::string dir = parent_of(path);; dir = parent_of(dir)) {
        if (auto found = cache.find(dir); found != cache.end()) {
            top = found->second;
            break;
        }
        visited.push_back(dir);
        if (exists(dir + "/.git")) {
            top = dir;
            break;
        }
        if (dir == "/") break;
    }
    for (const std::string& dir : visited) cache[dir] = top;
    return top;
}

enum class GitOutcome { answered, not_installed, failed };

// `git -C top check-ignore --stdin -z`: the paths go in through a memory
// file and the answer comes back through a pipe read to the end, so neither
// side can block on the other.
GitOutcome ask_git(const std::string& top, const std::vector<std::string>& paths, std::set<std::string>& ignored) {
    Descriptor input(::memfd_create("capsule-check-ignore", MFD_CLOEXEC));
    if (input.get() < 0) return GitOutcome::failed;
    std::string request;
    for (const std::string& path : paths) request += path + '\0';
    for (std::size_t done = 0; done < request.size();) {
        ssize_t n = ::write(input.get(), request.data() + done, request.size() - done);
        if (n <= 0) return GitOutcome::failed;
        done += static_cast<std::size_t>(n);
    }
    ::lseek(input.get(), 0, SEEK_SET);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return GitOutcome::failed;
    Descriptor read_end(fds[0]), write_end(fds[1]);
    int report[2];  // tells the parent that exec failed, and why
    if (::pipe2(report, O_CLOEXEC) != 0) return GitOutcome::failed;
    Descriptor report_read(report[0]), report_write(report[1]);

    // Prepared before fork: between fork and exec only async-signal-safe calls.
    // The caller's repository settings must not redirect the question.
    std::vector<char*> environment;
    for (char** entry = environ; *entry; ++entry) {
        const std::string_view e(*entry);
        if (e.rfind("GIT_DIR=", 0) == 0 || e.rfind("GIT_WORK_TREE=", 0) == 0 ||
            e.rfind("GIT_INDEX_FILE=", 0) == 0)
            continue;
        environment.push_back(*entry);
    }
    environment.push_back(nullptr);
    const char* argv[] = {"git", "-C", top.c_str(), "check-ignore", "--stdin", "-z", nullptr};

    const pid_t child = ::fork();
    if (child < 0) return GitOutcome::failed;
    if (child == 0) {
        ::dup2(input.get(), STDIN_FILENO);
        ::dup2(write_end.get(), STDOUT_FILENO);
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) ::dup2(null, STDERR_FILENO);
        ::execvpe("git", const_cast<char* const*>(argv), environment.data());
        const int error = errno;
        [[maybe_unused]] ssize_t ignored_result = ::write(report_write.get(), &error, sizeof error);
        ::_exit(127);
    }
    write_end.reset();
    report_write.reset();
    std::string answer;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(read_end.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    int exec_error = 0;
    const bool exec_failed = ::read(report_read.get(), &exec_error, sizeof exec_error) == sizeof exec_error;
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (exec_failed) return exec_error == ENOENT ? GitOutcome::not_installed : GitOutcome::failed;
    // 0: some are ignored; 1: none is; anything else is git refusing
    // (not a repository it trusts, a broken index).
    if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) return GitOutcome::failed;
    std::size_t start = 0;
    while (start < answer.size()) {
        std::size_t end = answer.find('\0', start);
        if (end == std::string::npos) end = answer.size();
        if (end > start) ignored.insert(answer.substr(start, end - start));
        start = end + 1;
    }
    return GitOutcome::answered;
}

}  // namespace

IgnoreResult find_ignored(const std::vector<std::string>& paths) {
    IgnoreResult result;
    std::map<std::string, std::string> tops;
    std::map<std::string, std::vector<std::string>> by_top;
    for (const std::string& path : paths) {
        if (path.empty() || path[0] != '/' || !exists(path)) continue;
        by_top[work_tree_of(path, tops)].push_back(path);
    }
    IgnoreFiles files;
    bool git_missing = false;
    for (const auto& [top, group] : by_top) {
        if (!top.empty() && !git_missing) {
            switch (ask_git(top, group, result.ignored)) {
                case GitOutcome::answered:
                    result.used_git = true;
                    continue;
                case GitOutcome::not_installed:
                    git_missing = true;
                    break;
                case GitOutcome::failed:
                    result.notes.push_back("git check-ignore failed in " + top +
                                           "; read its .gitignore files instead");
                    break;
            }
        }
        for (const std::string& path : group)
            if (files.ignored(path, top.empty() ? "/" : top)) result.ignored.insert(path);
    }
    if (git_missing) result.notes.push_back("git is not installed; read the .gitignore files instead");
    return result;
}

}  // namespace capsule::codemap

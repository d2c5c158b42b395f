// peak_rss LIMIT OUT PROGRAM ARGS...: runs PROGRAM under RLIMIT_AS = LIMIT
// bytes (0: none), writes its peak resident set in KiB to OUT, and exits
// with its status (128 + signal when killed). A process forked from the test
// binary would count the test's own pages in its peak; forked from this
// small one, only the command's.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: peak_rss LIMIT OUT PROGRAM ARGS...\n");
        return 126;
    }
    const unsigned long long limit = std::strtoull(argv[1], nullptr, 10);
    const pid_t pid = ::fork();
    if (pid < 0) return 126;
    if (pid == 0) {
        if (limit != 0) {
            const rlimit as{limit, limit};
            if (::setrlimit(RLIMIT_AS, &as) != 0) ::_exit(124);
        }
        ::execv(argv[3], argv + 3);
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    if (FILE* out = std::fopen(argv[2], "w")) {
        std::fprintf(out, "%ld\n", usage.ru_maxrss);
        std::fclose(out);
    }
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

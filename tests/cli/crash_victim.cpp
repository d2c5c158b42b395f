// An ordinary program, built without capsule: what `capsule run` and core
// files are tested on. Modes:
//   crash        dereferences a null pointer in crash_here
//   sleep S      forks a child; both wait S seconds in idle_here, then exit 0
//   exit N       exits with N
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

__attribute__((noinline)) int crash_here(int* pointer) {
    volatile int crash_marker = 777;
    return *pointer + crash_marker;
}

__attribute__((noinline)) void idle_here(int seconds, bool child) {
    volatile int idle_marker = child ? 556 : 555;
    for (int i = 0; i < seconds * 10; ++i) ::usleep(100 * 1000);
    (void)idle_marker;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "crash") == 0) {
        int* volatile nothing = nullptr;
        return crash_here(nothing);
    }
    if (argc >= 3 && std::strcmp(argv[1], "sleep") == 0) {
        const int seconds = std::atoi(argv[2]);
        const pid_t child = ::fork();
        idle_here(seconds, child == 0);
        if (child == 0) ::_exit(0);
        int status = 0;
        ::waitpid(child, &status, 0);
        return 0;
    }
    if (argc >= 3 && std::strcmp(argv[1], "exit") == 0) return std::atoi(argv[2]);
    std::fprintf(stderr, "usage: crash_victim crash | sleep S | exit N\n");
    return 2;
}

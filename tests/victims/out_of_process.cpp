// Out-of-process capture: a child stops itself in a known frame, the parent
// captures it through ptrace, writes the capsule and kills the child.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "victim.hpp"

VICTIM_NOINLINE void stopped_frame(int ticket) {
    int attempts = 3;
    double ratio = 0.5;
    const char* stage = "waiting";
    victim::keep(attempts), victim::keep(ratio), victim::keep(stage), victim::keep(ticket);
    raise(SIGSTOP); // CAPTURE-LINE
    victim::sink = attempts + ticket;
}

int main(int argc, char** argv) {
    if (argc < 2) return victim::finish(argc, argv);
    pid_t child = fork();
    if (child < 0) {
        std::perror("fork");
        return 5;
    }
    if (child == 0) {
        stopped_frame(41);
        _exit(0);
    }
    int status = 0;
    if (waitpid(child, &status, WUNTRACED) != child || !WIFSTOPPED(status)) {
        std::fprintf(stderr, "child did not stop\n");
        kill(child, SIGKILL);
        return 6;
    }
    capsule::Failure failure = victim::failure;
    failure.kind = "timeout";
    victim::report = capsule::capture_process(child, failure, capsule::CaptureOptions{}, false);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return victim::finish(argc, argv);
}

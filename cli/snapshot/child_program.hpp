// The program `capsule run` starts and waits for: its environment, the
// signals meant for it while it runs, and its end passed on as capsule's own.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace capsule::cli {

using EnvironmentChanges = std::vector<std::pair<std::string, std::string>>;

// Starts `argv` (argv[0] looked up on PATH) with `changes` set in its
// environment. Throws std::runtime_error with one line when it cannot run.
pid_t start_program(const std::vector<std::string>& argv, const EnvironmentChanges& changes);

// While one exists, Ctrl-C and Ctrl-\ are left to the program (the terminal
// sends them to it too) and SIGTERM and SIGHUP sent to capsule are passed on
// to it, so that it, not capsule, decides how the run ends.
class ForwardSignals {
public:
    explicit ForwardSignals(pid_t program);
    ~ForwardSignals();
    ForwardSignals(const ForwardSignals&) = delete;
    ForwardSignals& operator=(const ForwardSignals&) = delete;
};

// Waits for the program to end, at most `seconds` (< 0: as long as it
// takes). True with its wait status when it ended.
bool wait_program(pid_t program, double seconds, int& status);

// Ends this process the way the program ended: its exit code, or its signal
// (raised again, without a core dump of capsule). Returns the code to exit
// with when the signal could not end this process.
int end_like(int status);

}  // namespace capsule::cli

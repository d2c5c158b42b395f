#include "run_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace capsule::testing {

std::string Outcome::status() const {
    if (timed_out) return "timed out";
    if (exited) return "exit " + std::to_string(exit_code);
    return "signal " + std::to_string(signal);
}

Outcome run_process(const RunSpec& spec) {
    // Output goes to a file: a pipe could fill up while we only wait.
    char log_path[] = "/tmp/capsule-run-XXXXXX";
    const int log = ::mkstemp(log_path);
    if (log < 0) throw std::runtime_error("mkstemp failed");

    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        const bool replaced = std::any_of(spec.env.begin(), spec.env.end(), [&](const std::string& s) {
            return s.compare(0, name.size() + 1, name + "=") == 0;
        });
        // capsule's own options come from the test alone: a CI that runs
        // this suite under capsule (CAPSULE_OUTPUT_DIR, CAPSULE_TIMEOUT...)
        // must not redirect the capsules the test looks for.
        const bool capsule_option = name.rfind("CAPSULE_", 0) == 0;
        if (!replaced && !capsule_option) env.push_back(entry);
    }
    env.insert(env.end(), spec.env.begin(), spec.env.end());
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> args{spec.program};
    args.insert(args.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    const auto started = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        ::dup2(log, 1);
        ::dup2(log, 2);
        if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
        ::execve(spec.program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(log);

    Outcome run;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(child, &status, WNOHANG);
        if (r == child) break;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (elapsed > spec.timeout_s) {
            ::kill(child, SIGKILL);
            ::waitpid(child, &status, 0);
            run.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!run.timed_out) {
        run.exited = WIFEXITED(status);
        if (run.exited) run.exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
    }
    std::ifstream in(log_path);
    std::ostringstream text;
    text << in.rdbuf();
    run.output = text.str();
    ::unlink(log_path);
    return run;
}

TempDir::TempDir() {
    char templ[] = "/tmp/capsule-integ-XXXXXX";
    if (!::mkdtemp(templ)) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> capsule_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
        if (entry.path().extension() == ".capsule") out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace capsule::testing

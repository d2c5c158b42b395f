#include "victim_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "capsule/file.hpp"

namespace capsule::integration {

const std::vector<std::string>& variants() {
    static const std::vector<std::string> all = {"gcc-O0", "gcc-O2", "clang-O0", "clang-O2"};
    return all;
}

bool is_optimized(const std::string& variant) { return variant.ends_with("-O2"); }
bool is_clang(const std::string& variant) { return variant.starts_with("clang"); }

std::string variant_test_name(const std::string& variant) {
    std::string name = variant;
    for (char& c : name)
        if (c == '-') c = '_';
    return name;
}

std::string victim_source(const std::string& victim) {
    return std::string(CAPSULE_VICTIM_SOURCE_DIR) + "/" + victim + ".cpp";
}

std::string victim_binary(const std::string& victim, const std::string& variant) {
    return std::string(CAPSULE_VICTIM_BINARY_DIR) + "/" + victim + "." + variant;
}

int marker_line(const std::string& source_path, const std::string& marker) {
    std::ifstream in(source_path);
    if (!in) throw std::runtime_error("cannot read " + source_path);
    const std::string wanted = "// " + marker;
    int found = 0;
    int line_number = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_number;
        auto at = line.find("// ");
        if (at == std::string::npos) continue;
        std::string comment = line.substr(at);
        while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\r'))
            comment.pop_back();
        if (comment != wanted) continue;
        if (found != 0)
            throw std::runtime_error("marker '" + marker + "' appears twice in " + source_path);
        found = line_number;
    }
    if (found == 0) throw std::runtime_error("no marker '" + marker + "' in " + source_path);
    return found;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "capsule-it-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds) {
    if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
    TempDir scratch;
    const std::string output_path = scratch.path() + "/output";
    const std::string errors_path = scratch.path() + "/errors";

    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    pid_t child = fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        // Own process group, so that a timeout kills the program and anything
        // it started (gdb's inferior, a victim's child).
        setpgid(0, 0);
        int in = open("/dev/null", O_RDONLY);
        int out = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(errors_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0) _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(args[0], args.data());
        _exit(127);
    }
    setpgid(child, child);

    ProcessResult result;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (done < 0) throw std::runtime_error("waitpid failed");
        if (std::chrono::steady_clock::now() > deadline) {
            result.timed_out = true;
            kill(-child, SIGKILL);
            waitpid(child, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);

    auto slurp = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    result.output = slurp(output_path);
    result.errors = slurp(errors_path);
    return result;
}

Report capture_victim(const std::string& victim, const std::string& variant,
                      const std::vector<std::string>& extra_args) {
    TempDir dir;
    const std::string capsule_path = dir.path() + "/" + victim + ".capsule";
    std::vector<std::string> argv = {victim_binary(victim, variant), capsule_path};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    ProcessResult run = run_process(argv);
    if (run.timed_out || run.exit_code != 0) {
        throw std::runtime_error(victim + "." + variant + " failed (exit " +
                                 std::to_string(run.exit_code) + ", signal " +
                                 std::to_string(run.signal) +
                                 (run.timed_out ? ", timed out" : "") + "):\n" + run.output +
                                 run.errors);
    }
    return read_capsule(capsule_path);
}

}  // namespace capsule::integration

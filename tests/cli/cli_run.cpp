#include "cli_run.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace capsule::clitest {
namespace {

namespace fs = std::filesystem;

void apply_environment(const std::vector<std::string>& environment) {
    for (const std::string& entry : environment) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos) ::unsetenv(entry.c_str());
        else ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
    }
}

// Runs `program` with stdin from a file and stdout/stderr into files (no
// pipes: nothing can block on a full pipe while we wait).
Outcome run(const std::string& program, const std::vector<std::string>& args, const RunSetup& setup) {
    TempDir dir;
    const std::string in = dir / "in", out = dir / "out", err = dir / "err";
    std::ofstream(in, std::ios::binary) << setup.input;
    const pid_t pid = ::fork();
    if (pid < 0) return Outcome{-1, "", std::string("fork: ") + std::strerror(errno)};
    if (pid == 0) {
        const int i = ::open(in.c_str(), O_RDONLY);
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (i < 0 || o < 0 || e < 0) ::_exit(126);
        ::dup2(i, STDIN_FILENO);
        ::dup2(o, STDOUT_FILENO);
        ::dup2(e, STDERR_FILENO);
        ::unsetenv("CAPSULE_DIR");
        ::unsetenv("NO_COLOR");
        ::unsetenv("CAPSULE_CONFIG");
        apply_environment(setup.environment);
        if (!setup.cwd.empty() && ::chdir(setup.cwd.c_str()) != 0) ::_exit(125);
        std::vector<char*> argv{const_cast<char*>(program.c_str())};
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    Outcome result;
    result.code = wait_for(pid);
    result.out = slurp(out);
    result.err = slurp(err);
    return result;
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "capsule-repo-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Outcome capsule(const std::vector<std::string>& args, const RunSetup& setup) {
    return run(CAPSULE_CLI, args, setup);
}

std::vector<std::string> victim(const std::string& repository, const std::vector<std::string>& args) {
    std::vector<std::string> all{repository};
    all.insert(all.end(), args.begin(), args.end());
    const Outcome result = run(CAPSULE_REPO_VICTIM, all, {});
    if (result.code != 0)
        throw std::runtime_error("repo_victim exited " + std::to_string(result.code) + ": " + result.err);
    std::vector<std::string> paths;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);)
        if (line.size() > 8 && line.compare(line.size() - 8, 8, ".capsule") == 0) paths.push_back(line);
    return paths;
}

pid_t start_victim(const std::string& repository, const std::vector<std::string>& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        std::vector<std::string> all{CAPSULE_REPO_VICTIM, repository};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (std::string& arg : all) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(CAPSULE_REPO_VICTIM, argv.data());
        ::_exit(127);
    }
    return pid;
}

nlohmann::json parse_json(const std::string& text) { return nlohmann::json::parse(text); }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::map<std::string, std::string> tree_state(const std::string& dir) {
    std::map<std::string, std::string> state;
    auto record = [&](const fs::path& path) {
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) return;
        state[path.string()] = std::to_string(st.st_mode) + " " + std::to_string(st.st_size) + " " +
                               std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
    };
    record(dir);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        record(it->path());
    return state;
}

}  // namespace capsule::clitest

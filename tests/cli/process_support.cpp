#include "process_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace capsule::proctest {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void exec_child(const std::string& program, const std::vector<std::string>& args,
                             const Launch& launch, const std::string& out, const std::string& err) {
    const int null_in = ::open("/dev/null", O_RDONLY);
    ::dup2(null_in, STDIN_FILENO);
    const int o = ::open(launch.quiet ? "/dev/null" : out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = ::open(launch.quiet ? "/dev/null" : err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0) ::_exit(126);
    ::dup2(o, STDOUT_FILENO);
    ::dup2(e, STDERR_FILENO);
    // The tests name their repository; nothing from the caller's shell leaks in.
    ::unsetenv("CAPSULE_DIR");
    ::unsetenv("CAPSULE_CONFIG");
    ::unsetenv("CAPSULE_OUTPUT_DIR");
    ::unsetenv("NO_COLOR");
    for (const std::string& entry : launch.environment) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos) ::unsetenv(entry.c_str());
        else ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
    }
    // No stray core files from crashing victims, unless a test wants one.
    rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    core.rlim_cur = launch.allow_core ? core.rlim_max : 0;
    ::setrlimit(RLIMIT_CORE, &core);
    if (!launch.cwd.empty() && ::chdir(launch.cwd.c_str()) != 0) ::_exit(125);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
}

}  // namespace

ScratchDir::ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "capsule-process-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = fs::canonical(pattern).string();
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

bool Ran::exited(int code) const { return WIFEXITED(status) && WEXITSTATUS(status) == code; }
bool Ran::signalled(int signal) const { return WIFSIGNALED(status) && WTERMSIG(status) == signal; }

int wait_status(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return status;
}

pid_t start(const std::string& program, const std::vector<std::string>& args, const Launch& launch) {
    Launch quiet = launch;
    quiet.quiet = true;
    const pid_t pid = ::fork();
    if (pid == 0) exec_child(program, args, quiet, "", "");
    return pid;
}

Ran run(const std::string& program, const std::vector<std::string>& args, const Launch& launch) {
    ScratchDir dir;
    const std::string out = dir / "out", err = dir / "err";
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) exec_child(program, args, launch, out, err);
    Ran ran;
    ran.status = wait_status(pid);
    ran.out = read_text(out);
    ran.err = read_text(err);
    return ran;
}

Ran capsule(const std::vector<std::string>& args, const Launch& launch) { return run(CAPSULE_CLI, args, launch); }

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

void kill_tree(pid_t root) {
    std::multimap<pid_t, pid_t> children;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "stat");
        std::string line;
        if (!std::getline(in, line)) continue;
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 1));
        std::string state;
        long parent = 0;
        if (rest >> state >> parent) children.emplace(static_cast<pid_t>(parent), std::stoi(name));
    }
    std::vector<pid_t> tree{root};
    for (std::size_t i = 0; i < tree.size(); ++i) {
        auto [begin, end] = children.equal_range(tree[i]);
        for (auto it = begin; it != end; ++it) tree.push_back(it->second);
    }
    for (pid_t pid : tree) ::kill(pid, SIGKILL);
    wait_status(root);
}

char process_state(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return '\0';
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return '\0';
    return line[close + 2];
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
    return names;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace capsule::proctest

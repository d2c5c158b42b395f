#include "hostile_run.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace capsule::hostile {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

bool address_space_limited() {
#if defined(__SANITIZE_ADDRESS__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return false;
#else
    return true;
#endif
#else
    return true;
#endif
}

long memory_bound_kib(long normal_kib) {
    return address_space_limited() ? normal_kib : normal_kib * 3 + 256 * 1024;
}

std::string Result::describe() const {
    std::string text = signal ? "killed by signal " + std::to_string(signal) : "exit " + std::to_string(code);
    text += ", peak " + std::to_string(peak_rss_kib / 1024) + " MiB\nstdout: " + out.substr(0, 2000) +
            "\nstderr: " + err.substr(0, 2000);
    return text;
}

std::string refusal_problem(const Result& r, const std::string& file, const std::string& problem) {
    std::string wrong;
    if (r.signal != 0 || r.code != 2) wrong += "not exit 2; ";
    if (!r.out.empty()) wrong += "wrote to stdout; ";
    if (r.err.rfind("capsule: ", 0) != 0) wrong += "stderr does not start with \"capsule: \"; ";
    if (r.err.empty() || r.err.find('\n') != r.err.size() - 1) wrong += "not exactly one line on stderr; ";
    if (r.err.find(file) == std::string::npos) wrong += "does not name " + file + "; ";
    if (r.err.find(problem) == std::string::npos) wrong += "does not say \"" + problem + "\"; ";
    return wrong.empty() ? wrong : wrong + r.describe();
}

int lines_containing(const std::string& text, const std::string& needle) {
    int count = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (text.substr(start, end - start).find(needle) != std::string::npos) ++count;
        start = end + 1;
    }
    return count;
}

Result run_capsule(const std::vector<std::string>& args, const std::string& cwd) {
    char pattern[] = "/tmp/capsule-hostile-run-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    const std::string dir = pattern, out = dir + "/out", err = dir + "/err", peak = dir + "/peak";
    const std::string limit = address_space_limited() ? std::to_string(address_space_limit) : "0";
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        const int i = ::open("/dev/null", O_RDONLY);
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (i < 0 || o < 0 || e < 0) ::_exit(126);
        ::dup2(i, STDIN_FILENO);
        ::dup2(o, STDOUT_FILENO);
        ::dup2(e, STDERR_FILENO);
        ::unsetenv("CAPSULE_DIR");
        ::unsetenv("CAPSULE_CONFIG");
        ::unsetenv("GITHUB_ACTIONS");
        ::setenv("NO_COLOR", "1", 1);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(125);
        std::vector<std::string> all{PEAK_RSS, limit, peak, CAPSULE_CLI};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (std::string& arg : all) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(PEAK_RSS, argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    Result run;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code > 128) run.signal = code - 128;
    else run.code = code;
    run.peak_rss_kib = std::atol(slurp(peak).c_str());
    run.out = slurp(out);
    run.err = slurp(err);
    ::unlink(out.c_str());
    ::unlink(err.c_str());
    ::unlink(peak.c_str());
    ::rmdir(dir.c_str());
    return run;
}

}  // namespace capsule::hostile

#include "ci_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "capsule/store.hpp"

extern char** environ;

namespace capsule::citest {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "capsule-ci-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void spit(const std::string& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::ofstream(path, std::ios::binary) << text;
}

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

Outcome run(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& cwd) {
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        if (entry.rfind("GITHUB_", 0) == 0 || entry.rfind("CAPSULE_", 0) == 0) continue;
        environment.push_back(entry);
    }
    for (const std::string& change : env) {
        const std::string name = change.substr(0, change.find('='));
        std::erase_if(environment, [&](const std::string& e) { return e.rfind(name + "=", 0) == 0; });
        if (change.find('=') != std::string::npos) environment.push_back(change);
    }
    char out_name[] = "/tmp/capsule-ci-out-XXXXXX";
    char err_name[] = "/tmp/capsule-ci-err-XXXXXX";
    const int out_fd = ::mkstemp(out_name);
    const int err_fd = ::mkstemp(err_name);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        ::dup2(out_fd, 1);
        ::dup2(err_fd, 2);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
        std::vector<char*> args, envp;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        for (const std::string& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
        ::execvpe(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(out_fd);
    ::close(err_fd);
    Outcome outcome;
    outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    outcome.out = slurp(out_name);
    outcome.err = slurp(err_name);
    ::unlink(out_name);
    ::unlink(err_name);
    return outcome;
}

Outcome capsule_cli(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& cwd) {
    std::vector<std::string> argv{CAPSULE_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, env, cwd);
}

Report fake_report(const FakeFailure& f) {
    Report r;
    r.tool_version = "test";
    r.kind = f.kind;
    r.message = f.message;
    r.fingerprint = f.fingerprint;
    if (r.fingerprint.empty()) {
        // Stable per function and kind, 64 hex digits like the real ones.
        const std::size_t h = std::hash<std::string>{}(f.kind + f.function);
        char buffer[17];
        std::snprintf(buffer, sizeof buffer, "%016zx", h);
        r.fingerprint = std::string(buffer) + std::string(48, '0');
    }
    r.fingerprint_version = 1;
    r.test.suite = f.suite;
    r.test.name = f.name;
    r.test.full_name = f.suite.empty() ? f.name : f.suite + "." + f.name;
    r.time = "2026-01-02T03:04:05.000Z";
    r.host = "ci-host";
    r.binary = "/build/tests";
    r.build_id = "abcdef";
    if (!f.ctest_name.empty()) r.environment["CTEST_TEST_NAME"] = f.ctest_name;
    if (!f.leg.empty()) r.environment["CAPSULE_LEG"] = f.leg;
    if (!f.signal.empty()) {
        r.signal.name = f.signal;
        r.signal.number = 11;
    }
    if (f.kind == "assertion") {
        r.assertion.expression = "EXPECT_EQ(balance, 10)";
        r.assertion.file = f.file;
        r.assertion.line = f.line;
    }
    Thread t;
    t.tid = 1;
    t.failing = true;
    Frame gtest;
    gtest.function = "testing::internal::AssertHelper::operator=";
    gtest.category = "test-framework";
    Frame user;
    user.function = f.function;
    user.file = f.file;
    user.line = f.line;
    user.category = "user";
    Variable v;
    v.name = "balance";
    v.kind = "local";
    v.type = "int";
    v.value = "-5";
    user.vars.push_back(v);
    t.frames = {gtest, user};
    r.threads.push_back(t);
    return r;
}

std::string store(const FakeFailure& failure, const std::string& repository) {
    return store_capsule(fake_report(failure), repository);
}

}  // namespace capsule::citest

// `capsule show`, run as a separate process on capsules written by write_capsule.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "capsule/file.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "capsule-cli-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

// Environment changes for the child: "NAME=value" sets, "NAME" unsets.
void apply_environment(const std::vector<std::string>& environment) {
    for (const std::string& entry : environment) {
        auto eq = entry.find('=');
        if (eq == std::string::npos) ::unsetenv(entry.c_str());
        else ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
    }
}

[[noreturn]] void exec_cli(const std::vector<std::string>& args) {
    std::vector<char*> argv{const_cast<char*>(CAPSULE_CLI)};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(CAPSULE_CLI, argv.data());
    ::_exit(127);
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs the capsule command with stdout and stderr captured through files (or
// stdout sent to `stdout_path`).
Outcome run(const std::vector<std::string>& args, const std::vector<std::string>& environment = {},
        const std::string& stdout_path = "") {
    TempDir dir;
    const std::string out = stdout_path.empty() ? dir / "out" : stdout_path;
    const std::string err = dir / "err";
    pid_t pid = ::fork();
    if (pid < 0) return Outcome{-1, "", std::string("fork: ") + std::strerror(errno)};
    if (pid == 0) {
        int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0) ::_exit(126);
        ::dup2(o, STDOUT_FILENO);
        ::dup2(e, STDERR_FILENO);
        apply_environment(environment);
        exec_cli(args);
    }
    Outcome result;
    result.code = wait_for(pid);
    if (stdout_path.empty()) result.out = slurp(out);
    result.err = slurp(err);
    return result;
}

// Runs the command on a pseudo-terminal: the output a person would see.
Outcome run_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
    int master = -1;
    pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) return Outcome{-1, "", std::string("forkpty: ") + std::strerror(errno)};
    if (pid == 0) {
        apply_environment(environment);
        exec_cli(args);
    }
    Outcome result;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n > 0) result.out.append(buffer, static_cast<std::size_t>(n));
        else if (n < 0 && errno == EINTR) continue;
        else break;  // EIO once the child has closed the terminal
    }
    ::close(master);
    result.code = wait_for(pid);
    return result;
}

Variable var(std::string name, std::string type, std::string value, ValueStatus status = ValueStatus::ok) {
    Variable v;
    v.name = std::move(name);
    v.kind = "local";
    v.type = std::move(type);
    v.value = std::move(value);
    v.status = status;
    return v;
}

Frame frame(std::string function, std::string category, std::string file = "", int line = 0) {
    Frame f;
    f.pc = 0x401000;
    f.function = std::move(function);
    f.category = std::move(category);
    f.file = std::move(file);
    f.line = line;
    f.module = f.file.empty() ? "/usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1" : "/build/math_test";
    return f;
}

const std::string long_function = "testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>(" +
                                  std::string(150, 'T') + ")";

Report sample() {
    Report r;
    r.tool_version = "0.1.0";
    r.kind = "assertion";
    r.message = "Expected equality of these values:\n  total\n    Which is: 41\n  expected\n    Which is: 42";
    r.fingerprint = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r.fingerprint_version = 1;
    r.test = {"MathTest", "Sums", "MathTest.Sums", "", "", "/src/math_test.cpp", 38};
    r.assertion = {"EXPECT_EQ(total, expected)", "/src/math_test.cpp", 42};
    r.pid = 4242;
    r.time = "2024-05-01T12:34:56Z";
    r.host = "ci-runner-7";
    r.capture = {"in-process", 1.5, false, {}};

    Thread main_thread;
    main_thread.tid = 4242;
    main_thread.name = "math_test";
    main_thread.failing = true;
    Frame body = frame("MathTest_Sums_Test::TestBody()", "user", "/src/math_test.cpp", 42);
    body.snippet = {{40, "  int total = sum(items);"}, {41, "  int expected = 42;"},
                    {42, "  EXPECT_EQ(total, expected);"}, {43, "}"}};
    Variable items = var("items", "std::vector<int>", "std::vector of length 2");
    Variable first = var("[0]", "int", "1");
    first.kind = "element";
    Variable point = var("[1]", "Point", "");
    point.kind = "element";
    point.children = {var("x", "int", "7")};
    items.children = {first, point};
    body.vars = {var("other", "int", "5"),
                 var("expected", "int", "42"),
                 items,
                 var("password", "std::string", "", ValueStatus::masked),
                 var("opt", "int", "", ValueStatus::optimized_out),
                 var("total", "int", "41"),
                 var("sneaky", "const char *", "\"\x1b[31mred\"")};
    Frame helper = frame("app::check(int)", "user", "/src/math.cpp", 7);
    helper.inlined = true;
    helper.vars = {var("checked", "int", "3")};
    Frame main_frame = frame("main", "user", "/src/main.cpp", 5);
    main_frame.vars = {var("argc", "int", "1")};
    main_thread.frames = {frame("testing::internal::AssertHelper::operator=(testing::Message const&) const",
                                "test-framework"),
                          body, helper, frame(long_function, "test-framework"), main_frame};

    Thread worker;
    worker.tid = 4243;
    worker.name = "worker";
    Frame loop = frame("worker_loop()", "user", "/src/worker.cpp", 20);
    loop.vars = {var("worker_local", "int", "99")};
    worker.frames = {frame("__futex_abstimed_wait_common", "system"), loop};
    r.threads = {main_thread, worker};
    return r;
}

void expect_one_line_error(const Outcome& result, const std::string& contains) {
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err.rfind("capsule: ", 0), 0u) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(contains), std::string::npos) << result.err;
}

std::size_t position(const std::string& text, const std::string& part) {
    std::size_t at = text.find(part);
    EXPECT_NE(at, std::string::npos) << "missing: " << part << "\nin:\n" << text;
    return at;
}

TEST(CliShow, PrintsTheFailureForAPerson) {
    TempDir dir;
    write_capsule(sample(), dir / "a.capsule");
    const Outcome result = run({"show", dir / "a.capsule"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const std::string& out = result.out;

    EXPECT_EQ(out.rfind("ASSERTION in MathTest.Sums\n", 0), 0u) << out;
    // A multi-line message keeps its lines, aligned under the first.
    position(out, "  message     Expected equality of these values:\n"
                  "                total\n"
                  "                  Which is: 41\n");
    position(out, "  assertion   EXPECT_EQ(total, expected) at /src/math_test.cpp:42\n");
    position(out, "  fingerprint 0123456789ab\n");
    position(out, "  time        2024-05-01T12:34:56Z on ci-runner-7\n");
    position(out, "  capture     in-process, 1.5 ms\n");

    // The failing thread: library frames one line each, user frames in full.
    position(out, "Thread 4242 \"math_test\" (failing)\n");
    position(out, "  #0  testing::internal::AssertHelper::operator=(testing::Message const&) const in "
                  "/usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1  [test-framework]\n");
    position(out, "  #1  MathTest_Sums_Test::TestBody() at /src/math_test.cpp:42\n");
    position(out, "        40 |   int total = sum(items);\n");
    position(out, "      > 42 |   EXPECT_EQ(total, expected);\n");
    position(out, "  #2  app::check(int) at /src/math.cpp:7 [inlined]\n");
    position(out, "      checked = 3  (int)\n");
    position(out, "  #3  testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>(TTTT");
    EXPECT_EQ(out.find(std::string(150, 'T')), std::string::npos) << "long library frame not shortened";
    position(out, "  #4  main at /src/main.cpp:5\n");
    position(out, "      argc = 1  (int)\n");

    // The variables the assertion names come first, in its order; then the rest in frame order.
    std::size_t total = position(out, "      total = 41  (int)\n");
    std::size_t expected = position(out, "      expected = 42  (int)\n");
    std::size_t other = position(out, "      other = 5  (int)\n");
    std::size_t items = position(out, "      items = std::vector of length 2  (std::vector<int>)\n");
    EXPECT_LT(total, expected);
    EXPECT_LT(expected, other);
    EXPECT_LT(other, items);
    position(out, "        [0] = 1  (int)\n        [1] = {...}  (Point)\n          x = 7  (int)\n");
    position(out, "      password = ***masked***  (std::string)\n");
    position(out, "      opt = <optimized out>  (int)\n");
    // Bytes from the capsule never drive the terminal.
    position(out, "      sneaky = \"\\x1b[31mred\"  (const char *)\n");
    EXPECT_EQ(out.find('\x1b'), std::string::npos);

    // Other threads: frames only.
    std::size_t worker = position(out, "Thread 4243 \"worker\"\n");
    EXPECT_LT(total, worker);
    position(out, "  #0  __futex_abstimed_wait_common in /usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1  [system]\n");
    position(out, "  #1  worker_loop() at /src/worker.cpp:20\n");
    EXPECT_EQ(out.find("worker_local"), std::string::npos);
}

TEST(CliShow, FailingFrameIsWhereTheAssertionIs) {
    Report r;
    r.kind = "assertion";
    // __FILE__ as the compiler saw it: relative, where DWARF has the absolute path.
    r.assertion = {"ASSERT_LT(a.size(), b) << note", "tests/t.cpp", 10};
    Frame helper = frame("check()", "user", "/src/check.cpp", 3);
    helper.snippet = {{3, "  ASSERT_LT(a.size(), b);"}};
    helper.vars = {var("note", "int", "0")};
    Frame body = frame("T_Test::TestBody()", "user", "/src/tests/t.cpp", 10);
    body.snippet = {{9, "  int b = 1;"}, {10, "  check();"}};
    body.vars = {var("b", "int", "1"), var("size", "int", "9"), var("note", "const char *", "\"n\""),
                 var("a", "std::string", "\"xy\"")};
    Thread t;
    t.failing = true;
    t.frames = {helper, body};
    r.threads = {t};
    TempDir dir;
    write_capsule(r, dir / "a.capsule");
    const Outcome result = run({"show", dir / "a.capsule"});
    ASSERT_EQ(result.code, 0) << result.err;
    const std::string& out = result.out;
    position(out, "      > 10 |   check();\n");
    EXPECT_EQ(out.find("> 3 |"), std::string::npos) << out;
    // Named in the expression: a, b, note (size is a member call, not a variable).
    std::size_t a = position(out, "      a = \"xy\"  (std::string)\n");
    std::size_t b = position(out, "      b = 1  (int)\n");
    std::size_t note = position(out, "      note = \"n\"  (const char *)\n");
    std::size_t size = position(out, "      size = 9  (int)\n");
    EXPECT_LT(a, b);
    EXPECT_LT(b, note);
    EXPECT_LT(note, size);

    // Without an assertion: the innermost user frame, library frames above it collapsed.
    r.kind = "crash";
    r.assertion = {};
    r.signal = {11, "SIGSEGV", 1, "SEGV_MAPERR", 0};
    r.threads[0].frames.insert(r.threads[0].frames.begin(), frame("__memmove_avx_unaligned_erms", "system"));
    write_capsule(r, dir / "b.capsule");
    const Outcome crash = run({"show", dir / "b.capsule"});
    ASSERT_EQ(crash.code, 0) << crash.err;
    position(crash.out, "  signal      SIGSEGV (11), SEGV_MAPERR, fault address 0x0\n");
    position(crash.out, "  #0  __memmove_avx_unaligned_erms in /usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1  [system]\n"
                        "  #1  check() at /src/check.cpp:3\n"
                        "      > 3 |   ASSERT_LT(a.size(), b);\n"
                        "      note = 0  (int)\n");
    EXPECT_EQ(crash.out.find("> 10 |"), std::string::npos) << crash.out;
}

TEST(CliShow, ColourOnlyOnATerminalWithoutNoColor) {
    TempDir dir;
    write_capsule(sample(), dir / "a.capsule");
    const Outcome terminal = run_on_terminal({"show", dir / "a.capsule"}, {"NO_COLOR", "TERM=xterm"});
    EXPECT_EQ(terminal.code, 0);
    EXPECT_NE(terminal.out.find("\x1b[31m"), std::string::npos) << terminal.out;
    // Library frames are dimmed.
    EXPECT_NE(terminal.out.find("\x1b[2m#0  testing::internal::AssertHelper"), std::string::npos) << terminal.out;
    // Still no escape sequence of the capsule's own.
    EXPECT_NE(terminal.out.find("\\x1b[31mred"), std::string::npos);

    const Outcome no_color = run_on_terminal({"show", dir / "a.capsule"}, {"NO_COLOR=1", "TERM=xterm"});
    EXPECT_EQ(no_color.code, 0);
    EXPECT_NE(no_color.out.find("ASSERTION in MathTest.Sums"), std::string::npos);
    EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);

    const Outcome forced = run({"show", "--color", "always", dir / "a.capsule"});
    EXPECT_EQ(forced.code, 0);
    EXPECT_NE(forced.out.find("\x1b[1m"), std::string::npos);
}

TEST(CliShow, JsonIsTheWholeReport) {
    TempDir dir;
    const Report report = sample();
    write_capsule(report, dir / "a.capsule");
    const Outcome result = run({"show", dir / "a.capsule", "--json"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, report_to_json(report, 2) + "\n");
    const Report back = report_from_json(result.out);
    EXPECT_EQ(report_to_json(back), report_to_json(report));
    EXPECT_EQ(back.threads.at(0).frames.at(1).vars.at(2).children.at(1).children.at(0).value, "7");
}

TEST(CliShow, BadInputExitsTwoWithOneLineAndTouchesNothing) {
    TempDir dir;
    expect_one_line_error(run({"show", dir / "missing.capsule"}),
                          "cannot read " + dir / "missing.capsule" + ": No such file or directory");

    const std::string text = dir / "text.capsule";
    std::ofstream(text) << "not a zip\n";
    struct stat before;
    ASSERT_EQ(::stat(text.c_str(), &before), 0);
    expect_one_line_error(run({"show", text}), "not a capsule: " + text + ": Not a zip archive");
    struct stat after;
    ASSERT_EQ(::stat(text.c_str(), &after), 0);
    EXPECT_EQ(slurp(text), "not a zip\n");
    EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
    EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);

    // A capsule from a newer capsule: its manifest says format 2.
    const std::string newer = dir / "newer.capsule";
    std::string manifest = report_to_manifest_yaml(sample());
    manifest.replace(manifest.find("\"1.0\""), 5, "\"2.1\"");
    const std::string json = report_to_json(sample());
    int error = 0;
    zip_t* archive = zip_open(newer.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    zip_file_add(archive, "manifest.yaml", zip_source_buffer(archive, manifest.data(), manifest.size(), 0), 0);
    zip_file_add(archive, "capsule.json", zip_source_buffer(archive, json.data(), json.size(), 0), 0);
    ASSERT_EQ(zip_close(archive), 0);
    const std::string newer_bytes = slurp(newer);
    expect_one_line_error(run({"show", newer}),
                          "capsule format 2.1 is newer than this capsule (reads 1.x): upgrade capsule");
    expect_one_line_error(run({"show", "--json", newer}), "is newer than this capsule");
    EXPECT_EQ(slurp(newer), newer_bytes);
}

TEST(CliShow, UsageErrorsExitTwo) {
    expect_one_line_error(run({}), "capsule --help");
    expect_one_line_error(run({"show"}), "FILE");
    expect_one_line_error(run({"frobnicate"}), "frobnicate");
    expect_one_line_error(run({"show", "--color", "rainbow", "x.capsule"}), "--color must be auto, always or never");
    expect_one_line_error(run({"show", "--bogus", "x.capsule"}), "--bogus");

    const Outcome help = run({"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("show"), std::string::npos);
    const Outcome version = run({"--version"});
    EXPECT_EQ(version.code, 0);
    EXPECT_NE(version.out.find("0.1.0"), std::string::npos);
}

TEST(CliShow, FailingStdoutIsAFailure) {
    TempDir dir;
    write_capsule(sample(), dir / "a.capsule");
    const Outcome result = run({"show", dir / "a.capsule"}, {}, "/dev/full");
    EXPECT_EQ(result.code, 1);
    EXPECT_EQ(result.err, "capsule: cannot write to standard output\n");
}

}  // namespace
}  // namespace capsule

// The session in this process: assertion and throw-site capture, counting,
// and crashes in a forked child (in-process and through the helper).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "capsule/file.hpp"
#include "capsule/session.hpp"
#include "crash/throw_capture.hpp"
#include "run_process.hpp"

namespace capsule {
namespace {

const Variable* find_var(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return &v;
    return nullptr;
}

RunOptions options_for(const std::string& dir) {
    RunOptions o;
    o.output_dir = dir;
    o.helper_path = CAPSULE_TEST_HELPER;
    return o;
}

session::Framework framework() { return {"unit", {}, CAPSULE_TEST_HELPER}; }

TestIdentity identity(const std::string& name) {
    TestIdentity t;
    t.suite = "Session";
    t.name = name;
    t.full_name = "Session." + name;
    return t;
}

// Stops the session whatever the test's outcome.
struct Started {
    explicit Started(const RunOptions& o) { ok = session::start(o, framework()); }
    ~Started() { session::stop(); }
    bool ok = false;
};

__attribute__((noinline)) std::string check_balance(int balance) {
    const int expected = balance + 1;
    Failure failure;
    failure.kind = "assertion";
    failure.message = "balance is off by one";
    failure.assertion.file = __FILE__;
    failure.assertion.line = __LINE__;
    std::string path = session::assertion_failed(failure, {"trace: checking the ledger"});
    asm volatile("" ::"r"(expected) : "memory");
    return path;
}

TEST(Session, AssertionCapsuleHasTheFailingFrameAndItsLocals) {
    testing::TempDir dir;
    Started s(options_for(dir.path()));
    ASSERT_TRUE(s.ok);
    session::test_started(identity("Assertion"));
    const std::string path = check_balance(41);
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(check_balance(5), "");  // a further failure of the same test: counted
    const std::vector<session::Written> written = session::test_finished();
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].path, path);

    const Report r = read_capsule(path);
    EXPECT_EQ(r.kind, "assertion");
    EXPECT_EQ(r.test.full_name, "Session.Assertion");
    EXPECT_EQ(r.extra.at("further_failures"), "1");
    EXPECT_EQ(r.extra.at("context"), "trace: checking the ledger");
    EXPECT_EQ(r.extra.at("framework"), "unit");
    const Thread* t = r.failing_thread();
    ASSERT_NE(t, nullptr);
    ASSERT_FALSE(t->frames.empty());
    EXPECT_NE(t->frames[0].function.find("check_balance"), std::string::npos)
        << t->frames[0].function;
    const Variable* expected = find_var(t->frames[0], "expected");
    ASSERT_NE(expected, nullptr);
    EXPECT_EQ(expected->value, "42");
    EXPECT_NE(session::summary().find(path), std::string::npos);
}

TEST(Session, EveryFailureAndTheCapsuleLimit) {
    testing::TempDir dir;
    RunOptions o = options_for(dir.path());
    o.every_failure = true;
    o.max_capsules = 2;
    Started s(o);
    session::test_started(identity("Limit"));
    EXPECT_NE(check_balance(1), "");
    EXPECT_NE(check_balance(2), "");
    EXPECT_EQ(check_balance(3), "");  // over max_capsules
    EXPECT_EQ(session::test_finished().size(), 2u);
    EXPECT_EQ(testing::capsule_files(dir.path()).size(), 2u);
}

TEST(Session, DisabledWritesNothing) {
    testing::TempDir dir;
    RunOptions o = options_for(dir.path());
    o.enabled = false;
    Started s(o);
    EXPECT_FALSE(s.ok);
    session::test_started(identity("Disabled"));
    EXPECT_EQ(check_balance(1), "");
    session::test_finished();
    EXPECT_TRUE(testing::capsule_files(dir.path()).empty());
}

__attribute__((noinline)) void throw_caught_site(int round) {
    const int attempt = round * 3;
    if (attempt >= 0) throw std::runtime_error("retry " + std::to_string(attempt));
}

__attribute__((noinline)) void throw_escaping_site(const std::string& account) {
    const long overdraft = 250;
    if (overdraft > 0) throw std::logic_error("account " + account + " overdrawn");
}

TEST(Session, EscapingExceptionIsCapturedAtTheThrowSite) {
    testing::TempDir dir;
    Started s(options_for(dir.path()));
    session::test_started(identity("Exception"));
    for (int i = 0; i < 50; ++i) {
        try {
            throw_caught_site(i);
        } catch (const std::runtime_error&) {
        }
    }
    const crash::ThrowStats caught = crash::throw_stats_of_this_thread();
    EXPECT_EQ(caught.throws, 50);
    EXPECT_EQ(caught.captured, 1);  // the site is known to be caught after its first throw

    std::string path;
    try {
        throw_escaping_site("savings");
    } catch (...) {
        Failure failure;
        failure.message = "C++ exception thrown in the test body";
        path = session::exception_escaped(failure, {});
    }
    session::test_finished();
    ASSERT_FALSE(path.empty());
    const Report r = read_capsule(path);
    EXPECT_EQ(r.kind, "exception");
    EXPECT_EQ(r.exception.type, "std::logic_error");
    EXPECT_EQ(r.exception.what, "account savings overdrawn");
    EXPECT_EQ(r.test.full_name, "Session.Exception");
    const Thread* t = r.failing_thread();
    ASSERT_NE(t, nullptr);
    ASSERT_FALSE(t->frames.empty());
    EXPECT_NE(t->frames[0].function.find("throw_escaping_site"), std::string::npos)
        << t->frames[0].function;
    const Variable* overdraft = find_var(t->frames[0], "overdraft");
    ASSERT_NE(overdraft, nullptr);
    EXPECT_EQ(overdraft->value, "250");
}

TEST(Session, ExceptionWithoutThrowCaptureIsCapturedAtTheCatch) {
    testing::TempDir dir;
    RunOptions o = options_for(dir.path());
    o.throw_captures_per_test = 0;
    Started s(o);
    session::test_started(identity("NoThrowCapture"));
    std::string path;
    try {
        throw_escaping_site("current");
    } catch (...) {
        path = session::exception_escaped(Failure{}, {});
    }
    session::test_finished();
    ASSERT_FALSE(path.empty());
    const Report r = read_capsule(path);
    EXPECT_EQ(r.exception.type, "std::logic_error");
    EXPECT_EQ(r.exception.what, "account current overdrawn");
    bool noted = false;
    for (const std::string& note : r.capture.notes)
        noted = noted || note.find("throw site not captured") != std::string::npos;
    EXPECT_TRUE(noted);
}

__attribute__((noinline)) int divide_in_child(int numerator, volatile int* divisor) {
    const int quotient_hint = numerator * 2;
    return quotient_hint / *divisor;
}

// Runs a crash in a forked child with the session started; returns the
// child's wait status.
int crash_in_child(const RunOptions& o) {
    const pid_t child = ::fork();
    if (child == 0) {
        session::start(o, framework());
        session::test_started(identity("Crash"));
        volatile int zero = 0;
        ::_exit(divide_in_child(21, &zero));
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

void expect_crash_capsule(const std::string& dir, const std::string& path_kind) {
    const std::vector<std::string> files = testing::capsule_files(dir);
    ASSERT_EQ(files.size(), 1u);
    const Report r = read_capsule(files[0]);
    EXPECT_EQ(r.kind, "crash");
    EXPECT_EQ(r.capture.path, path_kind);
    EXPECT_EQ(r.signal.name, "SIGFPE");
    EXPECT_EQ(r.signal.code_name, "FPE_INTDIV");
    EXPECT_EQ(r.test.full_name, "Session.Crash");
    const Thread* t = r.failing_thread();
    ASSERT_NE(t, nullptr);
    ASSERT_FALSE(t->frames.empty());
    EXPECT_NE(t->frames[0].function.find("divide_in_child"), std::string::npos)
        << t->frames[0].function;
    const Variable* numerator = find_var(t->frames[0], "numerator");
    ASSERT_NE(numerator, nullptr);
    EXPECT_EQ(numerator->value, "21");
}

TEST(Session, CrashThroughTheHelperKeepsTheSignal) {
    testing::TempDir dir;
    const int status = crash_in_child(options_for(dir.path()));
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGFPE);
    expect_crash_capsule(dir.path(), "ptrace");
}

TEST(Session, CrashInProcessWhenThereIsNoHelper) {
    testing::TempDir dir;
    RunOptions o = options_for(dir.path());
    o.use_helper = false;
    const int status = crash_in_child(o);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGFPE);
    expect_crash_capsule(dir.path(), "in-process");
}

TEST(Session, AForkedChildOfTheTestWritesNoCrashCapsule) {
    testing::TempDir dir;
    const pid_t parent = ::fork();
    if (parent == 0) {
        session::start(options_for(dir.path()), framework());
        session::test_started(identity("Fork"));
        const pid_t child = ::fork();  // like a death test: expected to die
        if (child == 0) ::abort();
        int status = 0;
        ::waitpid(child, &status, 0);
        ::_exit(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? 0 : 1);
    }
    int status = 0;
    ::waitpid(parent, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_TRUE(testing::capsule_files(dir.path()).empty());
}

}  // namespace
}  // namespace capsule

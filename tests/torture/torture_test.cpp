// Crash torture: each failure in torture_victim.cpp still leaves a usable
// capsule and the exit status the victim has without capsule.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "capsule/file.hpp"
#include "capsule/options.hpp"
#include "run_process.hpp"
#include "spawn.hpp"
#include "torture_support.hpp"

namespace capsule::torture {
namespace {

using testing::TempDir;

class CrashTorture : public ::testing::Test {
protected:
    Result run(const std::string& program, const std::string& test) {
        Spawn spec;
        spec.program = program;
        spec.args = {"--gtest_filter=Torture." + test};
        spec.env = victim_env(repo());
        return spawn(spec);
    }
    std::string repo() const { return dir.path() + "/repo"; }

    // The victim dies as it does without capsule, and leaves one usable crash
    // capsule naming `signal`, with `function` on the failing thread.
    Report crash(const std::string& test, int signal, const std::string& function) {
        const Result with = run(TORTURE_VICTIM, test);
        const Result plain = run(TORTURE_VICTIM_PLAIN, test);
        EXPECT_EQ(with.status, plain.status) << with.describe() << "\n=== plain: " << plain.describe();
        EXPECT_TRUE(WIFSIGNALED(with.status) && WTERMSIG(with.status) == signal) << with.describe();
        const std::vector<std::string> files = testing::capsule_files(repo());
        EXPECT_EQ(files.size(), 1u) << with.describe();
        if (files.empty()) return {};
        const Report report = read_capsule(files[0]);
        EXPECT_EQ(report.kind, "crash");
        EXPECT_EQ(report.signal.number, signal);
        EXPECT_EQ(report.test.full_name, "Torture." + test);
        EXPECT_TRUE(failing_thread_has(report, function)) << function << " not on the failing thread";
        EXPECT_TRUE(shows(files[0])) << "capsule show fails on " << files[0];
        return report;
    }

    TempDir dir;
};

TEST_F(CrashTorture, DoubleFreeBeforeAbort) { crash("DoubleFree", SIGABRT, "free_twice"); }

TEST_F(CrashTorture, StackOverflowByRecursion) {
    const Report report = crash("StackOverflow", SIGSEGV, "recurse_without_end");
    // Tens of thousands of frames: the capsule keeps a bounded number.
    for (const Thread& thread : report.threads)
        EXPECT_LE(thread.frames.size(), 1000u);
}

TEST_F(CrashTorture, TwoThreadsCrashingAtTheSameMoment) {
    const Report report = crash("TwoThreadsCrashTogether", SIGSEGV, "fault_together");
    // Both faulting threads are in the capsule, whichever one it reports.
    int faulting = 0;
    for (const Thread& thread : report.threads)
        for (const Frame& frame : thread.frames)
            if (frame.function.find("fault_together") != std::string::npos) {
                ++faulting;
                break;
            }
    EXPECT_EQ(faulting, 2);
}

TEST_F(CrashTorture, CrashInADestructorDuringUnwinding) {
    const Report report = crash("CrashInDestructorDuringUnwinding", SIGSEGV, "~FaultingGuard");
    EXPECT_TRUE(failing_thread_has(report, "throw_past_guard"));
}

TEST_F(CrashTorture, ContainersFullOfGarbagePointers) {
    const Result with = run(TORTURE_VICTIM, "GarbagePointers");
    const Result plain = run(TORTURE_VICTIM_PLAIN, "GarbagePointers");
    EXPECT_EQ(with.status, plain.status) << with.describe();
    ASSERT_TRUE(WIFEXITED(with.status) && WEXITSTATUS(with.status) == 1) << with.describe();
    const std::vector<std::string> files = testing::capsule_files(repo());
    ASSERT_EQ(files.size(), 1u) << with.describe();
    const Report report = read_capsule(files[0]);
    EXPECT_EQ(report.kind, "assertion");
    const Frame* frame = find_frame(report, "GarbagePointers");
    ASSERT_NE(frame, nullptr);
    for (const char* name : {"numbers", "text", "index", "table", "queue", "owned", "shared", "huge",
                             "ring", "dangling", "wild"})
        EXPECT_NE(find_var(*frame, name), nullptr) << name << " missing from the frame";
    // Within the capture's own time bound (Bounds::max_capture_ms), with
    // the margin the bound itself allows for the last step.
    EXPECT_LT(report.capture.duration_ms, capsule::Bounds{}.max_capture_ms * 2) << report.capture.duration_ms;
    EXPECT_TRUE(shows(files[0]));
}

}  // namespace
}  // namespace capsule::torture

// capsule run: an unmodified program, built without capsule, run with the
// preloaded crash handler; and run --delay on a program that sleeps.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "process_support.hpp"

namespace capsule {
namespace {

using proctest::capsule;
using proctest::Ran;
using proctest::ScratchDir;

const Frame* frame_of(const Report& report, const std::string& function) {
    for (const Thread& t : report.threads)
        for (const Frame& f : t.frames)
            if (f.function.find(function) != std::string::npos) return &f;
    return nullptr;
}

std::string value_of(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return v.value;
    return "<absent>";
}

TEST(Run, ACrashLeavesACapsuleAndTheRunEndsWithTheSignal) {
    ScratchDir repo;
    const Ran ran = capsule({"run", "--repo", repo.path(), "--", CRASH_VICTIM, "crash"});
    EXPECT_TRUE(ran.signalled(SIGSEGV)) << "status " << ran.status << ": " << ran.err;

    const IndexContents index = read_index(repo.path());
    ASSERT_EQ(index.entries.size(), 1u) << ran.err;
    EXPECT_EQ(index.entries[0].kind, "crash");
    EXPECT_EQ(index.entries[0].cause, "SIGSEGV");
    const Report report = read_capsule(entry_path(repo.path(), index.entries[0]));
    EXPECT_EQ(report.signal.name, "SIGSEGV");
    ASSERT_NE(report.failing_thread(), nullptr);
    const Frame* crash = frame_of(report, "crash_here");
    ASSERT_NE(crash, nullptr) << ran.err;
    EXPECT_EQ(value_of(*crash, "crash_marker"), "777");
    EXPECT_EQ(value_of(*crash, "pointer"), "0x0");
    EXPECT_EQ(report.failing_thread()->frames.front().function, crash->function);
    EXPECT_NE(ran.err.find("capsule: crash"), std::string::npos) << ran.err;
}

TEST(Run, ExitCodeIsTheProgramsAndNothingIsStoredWithoutACrash) {
    ScratchDir repo;
    Ran ran = capsule({"run", "--repo", repo.path(), "--", CRASH_VICTIM, "exit", "3"});
    EXPECT_TRUE(ran.exited(3)) << ran.err;
    // Without "--" too, as long as the program's arguments are not options.
    ran = capsule({"run", "--repo", repo.path(), CRASH_VICTIM, "exit", "0"});
    EXPECT_TRUE(ran.exited(0)) << ran.err;
    EXPECT_TRUE(read_index(repo.path()).entries.empty());
}

TEST(Run, DelaySnapshotsTheRunningProgramAndItsChild) {
    ScratchDir repo;
    // The delay leaves a loaded machine time to start the program and its
    // child; the sleep, time to capture both before they end.
    const Ran ran = capsule({"run", "--delay", "3", "--repo", repo.path(), "--", CRASH_VICTIM, "sleep", "12"});
    EXPECT_TRUE(ran.exited(0)) << ran.err;
    const IndexContents index = read_index(repo.path());
    ASSERT_EQ(index.entries.size(), 2u) << ran.err;
    std::vector<std::string> markers;
    for (const IndexEntry& entry : index.entries) {
        EXPECT_EQ(entry.kind, "snapshot");
        const Report report = read_capsule(entry_path(repo.path(), entry));
        const Frame* idle = frame_of(report, "idle_here");
        ASSERT_NE(idle, nullptr);
        markers.push_back(value_of(*idle, "idle_marker"));
    }
    std::sort(markers.begin(), markers.end());
    EXPECT_EQ(markers, (std::vector<std::string>{"555", "556"}));
    EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 2) << ran.err;  // one line per capsule
}

TEST(RunBadInput, MissingProgramOrBadDelayIsAUsageError) {
    ScratchDir dir;
    const std::string store = dir / "store";
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"run", "--repo", store, "--", dir / "missing"},
             {"run", "--repo", store, "--", "no-such-program-anywhere"},
             {"run", "--repo", store},
             {"run", "--repo", store, "--delay", "-3", "--", CRASH_VICTIM, "exit", "0"},
             {"run", "--repo", store, "--delay", "soon", "--", CRASH_VICTIM, "exit", "0"},
         }) {
        const Ran ran = capsule(args);
        EXPECT_TRUE(ran.exited(2)) << args.back() << ": " << ran.err;
        EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
    }
    EXPECT_FALSE(proctest::exists(store));
}

}  // namespace
}  // namespace capsule

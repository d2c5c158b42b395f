// capsule run: an unmodified program, built without capsule, run with the
// preloaded crash handler; and run --delay on a program that sleeps.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "process_support.hpp"

namespace capsule {
namespace {

using nlohmann::json;
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

// Built without -g and stripped of nothing else: the capsule still names the
// functions (from the symbol table), with no locals to show.
TEST(Run, ACrashOfAProgramWithoutDebugInfoStillLeavesItsFrames) {
    ScratchDir dir;
    std::ofstream(dir / "plain.cpp") << "__attribute__((noinline)) void boom_without_dwarf(int* p) { *p = 1; }\n"
                                        "int main(int argc, char**) { boom_without_dwarf(argc > 5 ? &argc : nullptr); }\n";
    const Ran built = proctest::run(CXX_COMPILER, {"-O0", "-g0", dir / "plain.cpp", "-o", dir / "plain"});
    ASSERT_TRUE(built.exited(0)) << built.err;
    const Ran sections = proctest::run("/usr/bin/env", {"readelf", "-S", dir / "plain"});
    ASSERT_TRUE(sections.exited(0)) << sections.err;
    ASSERT_EQ(sections.out.find(".debug_info"), std::string::npos) << "the program has DWARF after all";

    const std::string repo = dir / "repo";
    const Ran ran = capsule({"run", "--repo", repo, "--", dir / "plain"});
    EXPECT_TRUE(ran.signalled(SIGSEGV)) << ran.err;
    const IndexContents index = read_index(repo);
    ASSERT_EQ(index.entries.size(), 1u) << ran.err;
    const Report report = read_capsule(entry_path(repo, index.entries[0]));
    ASSERT_NE(report.failing_thread(), nullptr);
    const Frame& top = report.failing_thread()->frames.at(0);
    EXPECT_EQ(top.function, "boom_without_dwarf(int*)");
    EXPECT_TRUE(top.vars.empty());
    EXPECT_NE(frame_of(report, "main"), nullptr);
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

TEST(Run, JsonTellsHowTheProgramEndedAndWhatWasStored) {
    ScratchDir repo;
    Ran ran = capsule({"run", "--json", "--repo", repo.path(), "--", CRASH_VICTIM, "crash"});
    EXPECT_TRUE(ran.signalled(SIGSEGV)) << ran.err;
    json out = json::parse(ran.out);
    EXPECT_EQ(out["signal"], "SIGSEGV");
    EXPECT_TRUE(out["exit_code"].is_null());
    EXPECT_EQ(out["command"], (json{CRASH_VICTIM, "crash"}));
    ASSERT_EQ(out["capsules"].size(), 1u) << out.dump(2);
    EXPECT_EQ(out["capsules"][0]["kind"], "crash");
    EXPECT_EQ(out["capsules"][0]["cause"], "SIGSEGV");
    const std::string crash_path = out["capsules"][0]["path"];
    EXPECT_EQ(read_capsule(crash_path).signal.name, "SIGSEGV");

    // A second run into the same repository lists only its own capsules.
    ran = capsule({"run", "--json", "--delay", "3", "--repo", repo.path(), "--", CRASH_VICTIM, "sleep", "12"});
    EXPECT_TRUE(ran.exited(0)) << ran.err;
    out = json::parse(ran.out);
    EXPECT_EQ(out["exit_code"], 0);
    EXPECT_TRUE(out["signal"].is_null());
    ASSERT_EQ(out["capsules"].size(), 2u) << out.dump(2);
    for (const json& c : out["capsules"]) {
        EXPECT_EQ(c["kind"], "snapshot");
        EXPECT_NE(c["path"], crash_path);
        EXPECT_EQ(read_capsule(c["path"].get<std::string>()).kind, "snapshot");
    }
    EXPECT_TRUE(out["snapshot_failed"].empty());
    EXPECT_TRUE(out["snapshot_left_out"].empty());

    // Without a crash or a delay: the program's end and nothing stored.
    ran = capsule({"run", "--json", "--repo", repo.path(), "--", CRASH_VICTIM, "exit", "3"});
    EXPECT_TRUE(ran.exited(3)) << ran.err;
    out = json::parse(ran.out);
    EXPECT_EQ(out["exit_code"], 3);
    EXPECT_TRUE(out["capsules"].empty());
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
             {"run", "--repo", store, "--delay", "1", "--max-processes", "0", "--", CRASH_VICTIM, "exit", "0"},
         }) {
        const Ran ran = capsule(args);
        EXPECT_TRUE(ran.exited(2)) << args.back() << ": " << ran.err;
        EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
    }
    EXPECT_FALSE(proctest::exists(store));
}

}  // namespace
}  // namespace capsule

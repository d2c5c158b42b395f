// capsule snapshot --core: a core file written when a victim crashed (by the
// kernel, or by gdb where core_pattern sends cores elsewhere), one gcore
// took of a running victim, and the core target's reads underneath.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "capsule/file.hpp"
#include "process_support.hpp"
#include "target/core_notes.hpp"
#include "target/elf_file.hpp"
#include "target/target.hpp"

namespace capsule {
namespace {

using nlohmann::json;
using proctest::capsule;
using proctest::Ran;
using proctest::ScratchDir;

std::string first_file_starting(const std::string& dir, const std::string& prefix) {
    for (const std::string& name : proctest::files_in(dir))
        if (name.rfind(prefix, 0) == 0) return dir + "/" + name;
    return {};
}

// A core of the victim crashing in crash_here.
std::string crash_core(const ScratchDir& dir) {
    std::ifstream in("/proc/sys/kernel/core_pattern");
    std::string pattern;
    std::getline(in, pattern);
    // The kernel, when it writes a plain file into the working directory.
    if (!pattern.empty() && pattern[0] != '|' && pattern.find('/') == std::string::npos) {
        proctest::Launch launch;
        launch.cwd = dir.path();
        launch.allow_core = true;
        const Ran ran = proctest::run(CRASH_VICTIM, {"crash"}, launch);
        if (WIFSIGNALED(ran.status) && WCOREDUMP(ran.status)) {
            const std::string core = first_file_starting(dir.path(), "core");
            if (!core.empty()) return core;
        }
    }
    // gdb stops at the fault and writes the core there.
    const std::string core = dir / "gdb.core";
    proctest::run("/usr/bin/env", {"gdb", "-batch", "-nx", "-ex", "run", "-ex", "generate-core-file " + core,
                                   "--args", CRASH_VICTIM, "crash"});
    return proctest::exists(core) ? core : "";
}

const Frame* frame_of(const Thread& thread, const std::string& function) {
    for (const Frame& f : thread.frames)
        if (f.function.find(function) != std::string::npos) return &f;
    return nullptr;
}

std::string value_of(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return v.value;
    return "<absent>";
}

TEST(CoreFile, FramesAndLocalsOfACrash) {
    ScratchDir dir, repo;
    const std::string core = crash_core(dir);
    ASSERT_FALSE(core.empty()) << "neither the kernel nor gdb wrote a core";

    const Ran ran = capsule({"snapshot", "--core", core, "--exe", CRASH_VICTIM, "--repo", repo.path(), "--json"});
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    const json out = json::parse(ran.out);
    ASSERT_EQ(out["capsules"].size(), 1u);
    const Report report = read_capsule(out["capsules"][0]["path"]);

    EXPECT_EQ(report.kind, "crash");
    EXPECT_EQ(report.signal.name, "SIGSEGV");
    EXPECT_EQ(report.capture.path, "core");
    EXPECT_EQ(report.binary, CRASH_VICTIM);
    EXPECT_FALSE(report.build_id.empty());
    ASSERT_FALSE(report.command_line.empty());
    EXPECT_NE(report.command_line[0].find("crash_victim"), std::string::npos);
    ASSERT_EQ(report.threads.size(), 1u);
    const Thread& thread = report.threads[0];
    EXPECT_TRUE(thread.failing);
    ASSERT_FALSE(thread.frames.empty());
    EXPECT_NE(thread.frames[0].function.find("crash_here"), std::string::npos) << thread.frames[0].function;
    EXPECT_EQ(value_of(thread.frames[0], "crash_marker"), "777");
    EXPECT_EQ(value_of(thread.frames[0], "pointer"), "0x0");
    EXPECT_EQ(thread.frames.back().function, "main");
    EXPECT_GT(thread.frames[0].line, 0);
}

TEST(CoreFile, GcoreOfARunningProgramIsASnapshot) {
    ScratchDir dir, repo;
    const pid_t victim = proctest::start(CRASH_VICTIM, {"sleep", "60"});
    // Past the fork: the child exists, and the parent is in idle_here.
    const std::string children = "/proc/" + std::to_string(victim) + "/task/" + std::to_string(victim) + "/children";
    ASSERT_TRUE(proctest::eventually([&] { return !proctest::read_text(children).empty(); }));
    const Ran gcore = proctest::run("/usr/bin/env", {"gcore", "-o", dir / "snap", std::to_string(victim)});
    proctest::kill_tree(victim);
    const std::string core = first_file_starting(dir.path(), "snap");
    ASSERT_FALSE(core.empty()) << gcore.err;

    const Ran ran = capsule({"snapshot", "--core", core, "--exe", CRASH_VICTIM, "-o", repo.path()});
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    const Report report = read_capsule(ran.out.substr(0, ran.out.find('\n')));
    EXPECT_EQ(report.kind, "snapshot");
    EXPECT_EQ(report.signal.number, 0);
    EXPECT_EQ(report.pid, victim);
    ASSERT_EQ(report.threads.size(), 1u);
    const Frame* idle = frame_of(report.threads[0], "idle_here");
    ASSERT_NE(idle, nullptr);
    EXPECT_EQ(value_of(*idle, "idle_marker"), "555");
}

// Code pages are not in a kernel's core (coredump_filter): they come from
// the mapped file, or from the executable named for it once that file moved.
TEST(CoreTarget, ReadsMappedFilesAndTheRenamedExecutable) {
    ScratchDir dir;
    const std::string copy = dir / "victim";
    std::filesystem::copy_file(CRASH_VICTIM, copy);
    ::chmod(copy.c_str(), 0700);
    std::string core;
    {
        proctest::Launch launch;
        launch.cwd = dir.path();
        launch.allow_core = true;
        proctest::run(copy, {"crash"}, launch);
        core = first_file_starting(dir.path(), "core");
    }
    if (core.empty()) {
        core = dir / "gdb.core";
        proctest::run("/usr/bin/env",
                      {"gdb", "-batch", "-nx", "-ex", "run", "-ex", "generate-core-file " + core, "--args", copy, "crash"});
    }
    ASSERT_TRUE(proctest::exists(core));
    const std::string moved = dir / "moved";
    std::filesystem::rename(copy, moved);

    target::ElfFile elf;
    std::string error;
    ASSERT_TRUE(elf.open(core, error)) << error;
    target::CoreNotes notes;
    ASSERT_TRUE(target::read_core_notes(elf.elf(), notes, error)) << error;
    EXPECT_EQ(notes.signal, SIGSEGV);
    const target::CoreMapping* text = nullptr;  // the executable's code: mapped from past its start
    for (const auto& m : notes.mappings)
        if (m.path == copy && m.offset > 0 && !text) text = &m;
    ASSERT_NE(text, nullptr);

    auto target = target::make_core_target(core, moved, error);
    ASSERT_NE(target, nullptr) << error;
    EXPECT_STREQ(target->path_name(), "core");
    ASSERT_EQ(target->threads().size(), 1u);
    target::Registers registers;
    ASSERT_TRUE(target->registers(notes.threads[0].tid, registers));
    std::uint64_t pc = 0;
    EXPECT_TRUE(registers.get(target::reg_rip, pc));
    EXPECT_GE(pc, text->start);

    unsigned char from_core[64], from_file[64];
    ASSERT_TRUE(target->read(text->start, from_core, sizeof from_core));
    std::ifstream in(moved, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(text->offset));
    in.read(reinterpret_cast<char*>(from_file), sizeof from_file);
    EXPECT_EQ(std::memcmp(from_core, from_file, sizeof from_core), 0);
    // Nothing is mapped at 0: a read there fails instead of inventing bytes.
    EXPECT_FALSE(target->read(0, from_core, 8));
}

TEST(CoreFileBadInput, NotACoreOrNotAProgramIsAUsageError) {
    ScratchDir dir;
    const std::string store = dir / "store";
    std::ofstream(dir / "text") << "no core here\n";
    // An ELF header that says "core" and nothing more.
    std::string header(64, '\0');
    header.replace(0, 4, "\x7f" "ELF");
    header[4] = 2;   // 64-bit
    header[5] = 1;   // little-endian
    header[6] = 1;   // version
    header[16] = 4;  // ET_CORE
    header[18] = 62;  // EM_X86_64
    std::ofstream(dir / "empty.core", std::ios::binary) << header;

    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--core", dir / "missing", "--exe", CRASH_VICTIM},
             {"--core", dir / "text", "--exe", CRASH_VICTIM},
             {"--core", CRASH_VICTIM, "--exe", CRASH_VICTIM},
             {"--core", dir / "empty.core"},
             {"--core", dir / "empty.core", "--exe", dir / "missing"},
             {"--core", dir / "empty.core", "--exe", dir / "text"},
         }) {
        std::vector<std::string> all{"snapshot", "--repo", store};
        all.insert(all.end(), args.begin(), args.end());
        const Ran ran = capsule(all);
        EXPECT_TRUE(ran.exited(2)) << args[1] << ": " << ran.err;
        EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
    }
    EXPECT_NE(capsule({"snapshot", "--core", CRASH_VICTIM, "--exe", CRASH_VICTIM}).err.find("not a core file"),
              std::string::npos);

    // A core that claims to be one but holds nothing: the capture fails, cleanly.
    const Ran ran = capsule({"snapshot", "--repo", store, "--core", dir / "empty.core", "--exe", CRASH_VICTIM});
    EXPECT_TRUE(ran.exited(1)) << ran.err;
    EXPECT_NE(ran.err.find("records no thread"), std::string::npos) << ran.err;
    EXPECT_FALSE(proctest::exists(store));
}

}  // namespace
}  // namespace capsule

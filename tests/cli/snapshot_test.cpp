// capsule snapshot --pid: a real multi-threaded process with a forked worker,
// captured from outside and left running.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

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

// The victim and its worker, killed however the test ends.
class Victim {
public:
    explicit Victim(const ScratchDir& ready) : ready_(ready.path()) {
        parent_ = proctest::start(SNAPSHOT_VICTIM, {ready_});
    }
    ~Victim() {
        if (parent_ > 0) proctest::kill_tree(parent_);
    }
    Victim(const Victim&) = delete;
    Victim& operator=(const Victim&) = delete;

    // Both processes have all their threads waiting.
    bool ready() {
        return proctest::eventually([&] {
            for (const std::string& name : proctest::files_in(ready_))
                if (name.rfind("worker.", 0) == 0) worker_ = std::stoi(name.substr(7));
            return worker_ > 0 && proctest::exists(ready_ + "/parent." + std::to_string(parent_));
        });
    }
    pid_t parent() const { return parent_; }
    pid_t worker() const { return worker_; }

private:
    std::string ready_;
    pid_t parent_ = 0;
    pid_t worker_ = 0;
};

const Variable* find_var(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return &v;
    return nullptr;
}

// The value of `local` in the frame of `function`, in any thread; "" when absent.
std::vector<std::string> values_of(const Report& report, const std::string& function, const std::string& local) {
    std::vector<std::string> values;
    for (const Thread& t : report.threads)
        for (const Frame& f : t.frames)
            if (f.function.find(function) != std::string::npos)
                if (const Variable* v = find_var(f, local)) values.push_back(v->value);
    std::sort(values.begin(), values.end());
    return values;
}

bool running(pid_t pid) {
    const char state = proctest::process_state(pid);
    // Not gone, not a zombie, not stopped ('T') or held by a tracer ('t').
    return state != '\0' && state != 'Z' && state != 'T' && state != 't';
}

TEST(Snapshot, EveryThreadOfTheProcessAndItsWorkerLeftRunning) {
    ScratchDir ready, repo;
    Victim victim(ready);
    ASSERT_TRUE(victim.ready()) << "the victim did not start";

    const Ran ran = capsule({"snapshot", "--pid", std::to_string(victim.parent()), "--repo", repo.path(), "--json"});
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    const json out = json::parse(ran.out);
    ASSERT_EQ(out["capsules"].size(), 2u) << out.dump(2);
    EXPECT_TRUE(out["failed"].empty());

    std::map<pid_t, Report> by_pid;
    for (const json& c : out["capsules"]) {
        EXPECT_EQ(c["threads"], 3);
        by_pid[c["pid"].get<pid_t>()] = read_capsule(c["path"].get<std::string>());
    }
    ASSERT_EQ(by_pid.count(victim.parent()), 1u);
    ASSERT_EQ(by_pid.count(victim.worker()), 1u);
    EXPECT_EQ(out["capsules"][0]["pid"], victim.parent());  // the root first

    for (const auto& [pid, report] : by_pid) {
        const bool worker = pid == victim.worker();
        SCOPED_TRACE(worker ? "worker" : "parent");
        EXPECT_EQ(report.kind, "snapshot");
        EXPECT_EQ(report.pid, pid);
        EXPECT_EQ(report.capture.path, "ptrace");
        ASSERT_EQ(report.threads.size(), 3u);
        EXPECT_EQ(values_of(report, "wait_in_main", "main_marker"),
                  std::vector<std::string>{worker ? "2222" : "1111"});
        EXPECT_EQ(values_of(report, "wait_in_thread", "thread_marker"), (std::vector<std::string>{"4200", "4201"}));
        // The main thread's stack reaches main, as a debugger would show it.
        const Thread* main_thread = nullptr;
        for (const Thread& t : report.threads)
            if (t.tid == pid) main_thread = &t;
        ASSERT_NE(main_thread, nullptr);
        // Nothing failed in a healthy process: no thread says otherwise.
        for (const Thread& t : report.threads) EXPECT_FALSE(t.failing) << t.tid;
        EXPECT_EQ(report.failing_thread(), nullptr);
        ASSERT_FALSE(main_thread->frames.empty());
        EXPECT_EQ(main_thread->frames.back().function, "main");
    }

    // Into the repository: two entries, and both processes run on.
    const IndexContents index = read_index(repo.path());
    EXPECT_EQ(index.entries.size(), 2u);
    EXPECT_TRUE(running(victim.parent()));
    EXPECT_TRUE(running(victim.worker()));
}

TEST(Snapshot, TextOutputListsPathsAndOutputDirectoryTakesPlainFiles) {
    ScratchDir ready, out;
    Victim victim(ready);
    ASSERT_TRUE(victim.ready());
    const std::string dir = out / "snapshots";
    const Ran ran = capsule({"snapshot", "--pid", std::to_string(victim.parent()), "-o", dir});
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    std::vector<std::string> lines;
    std::istringstream text(ran.out);
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 2u) << ran.out;
    for (const std::string& path : lines) {
        EXPECT_EQ(path.rfind(dir + "/snapshot-", 0), 0u) << path;
        EXPECT_EQ(read_capsule(path).threads.size(), 3u);
    }
    EXPECT_FALSE(proctest::exists(dir + "/index"));  // plain files, not a repository
    EXPECT_TRUE(running(victim.parent()));
}

TEST(Snapshot, MaxProcessesCapturesTheRootAndListsTheRest) {
    ScratchDir ready, repo;
    Victim victim(ready);
    ASSERT_TRUE(victim.ready());
    const Ran ran = capsule({"snapshot", "--pid", std::to_string(victim.parent()), "--max-processes", "1", "--repo",
                             repo.path(), "--json"});
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    const json out = json::parse(ran.out);
    ASSERT_EQ(out["capsules"].size(), 1u) << out.dump(2);
    EXPECT_EQ(out["capsules"][0]["pid"], victim.parent());
    ASSERT_EQ(out["left_out"].size(), 1u) << out.dump(2);
    EXPECT_EQ(out["left_out"][0]["pid"], victim.worker());
    EXPECT_EQ(out["left_out"][0]["parent"], victim.parent());
    EXPECT_NE(ran.err.find("1 more processes of the tree not captured"), std::string::npos) << ran.err;
    EXPECT_EQ(read_index(repo.path()).entries.size(), 1u);
    EXPECT_TRUE(running(victim.worker()));
}

// A process whose /proc/PID/stat flags say PF_KTHREAD; 0 when none is visible
// (a container's own pid namespace shows none).
pid_t some_kernel_thread() {
    for (const std::string& name : proctest::files_in("/proc")) {
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string stat = proctest::read_text("/proc/" + name + "/stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 1));
        std::string field;
        unsigned long flags = 0;
        for (int i = 3; i < 9 && fields >> field; ++i) {
        }
        if (fields >> flags && (flags & 0x00200000) != 0) return std::stoi(name);
    }
    return 0;
}

TEST(SnapshotBadInput, AKernelThreadIsNotAProgram) {
    const pid_t kernel = some_kernel_thread();
    if (kernel == 0) GTEST_SKIP() << "no kernel thread visible in /proc";
    ScratchDir repo;
    const Ran ran = capsule({"snapshot", "--pid", std::to_string(kernel), "--repo", repo / "store"});
    EXPECT_TRUE(ran.exited(2)) << ran.err;
    EXPECT_NE(ran.err.find("is a kernel thread"), std::string::npos) << ran.err;
    EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
    EXPECT_FALSE(proctest::exists(repo / "store"));
}

TEST(SnapshotBadInput, NoSuchProcessAndWrongArgumentsAreUsageErrors) {
    ScratchDir repo;
    const std::string store = repo / "store";
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"snapshot", "--pid", "2147483647", "--repo", store},
             {"snapshot", "--pid", "0", "--repo", store},
             {"snapshot", "--pid", "-5", "--repo", store},
             {"snapshot", "--repo", store},
             {"snapshot", "--pid", "1", "--core", "x", "--exe", "y", "--repo", store},
             {"snapshot", "--exe", SNAPSHOT_VICTIM, "--repo", store},
             {"snapshot", "--pid", std::to_string(::getpid()), "--max-processes", "0", "--repo", store},
             {"snapshot", "--pid", std::to_string(::getpid()), "--color", "sometimes", "--repo", store},
         }) {
        const Ran ran = capsule(args);
        EXPECT_TRUE(ran.exited(2)) << args[2] << ": " << ran.err;
        EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
        EXPECT_TRUE(ran.out.empty());
    }
    EXPECT_NE(capsule({"snapshot", "--pid", "2147483647"}).err.find("no process 2147483647"), std::string::npos);
    EXPECT_FALSE(proctest::exists(store));  // nothing written
}

}  // namespace
}  // namespace capsule

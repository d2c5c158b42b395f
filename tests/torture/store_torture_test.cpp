// The capsule's own write interrupted: the process SIGKILLed at each step of
// storing a capsule, a file-size limit, a full disk. The repository never
// shows a partial capsule, and the test's result is the one it has without
// capsule.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "run_process.hpp"
#include "spawn.hpp"
#include "torture_support.hpp"

namespace capsule::torture {
namespace {

using testing::TempDir;

bool is_capsule_temp(const std::string& path) {
    // write_file_atomically's hidden ".NAME.capsule.XXXXXX" next to the capsule.
    const std::string name = std::filesystem::path(path).filename().string();
    return !name.empty() && name[0] == '.' && name.find(".capsule.") != std::string::npos;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

class StoreTorture : public ::testing::Test {
protected:
    std::string repo() const { return dir.path() + "/repo"; }

    Result run(const std::string& program, std::function<bool(const Syscall&)> kill_at = {},
               long file_size_limit = -1, const std::string& repository = {}) {
        Spawn spec;
        spec.program = program;
        spec.args = {"--gtest_filter=Torture.FailsOnce"};
        spec.env = victim_env(repository.empty() ? repo() : repository);
        spec.kill_at = std::move(kill_at);
        spec.file_size_limit = file_size_limit;
        return spawn(spec);
    }

    // Every *.capsule file reads back whole, every index entry names one, and
    // `capsule list` reads the repository without an error.
    void expect_no_partial_capsule() {
        for (const std::string& file : testing::capsule_files(repo())) {
            EXPECT_FALSE(is_capsule_temp(file)) << file;
            EXPECT_NO_THROW(read_capsule(file)) << "partial capsule " << file << " ("
                                                << std::filesystem::file_size(file) << " bytes)";
        }
        if (std::filesystem::exists(repo())) {
            const IndexContents index = read_index(repo());
            for (const IndexEntry& entry : index.entries)
                EXPECT_NO_THROW(read_capsule(repo() + "/" + entry.path)) << entry.path;
            Spawn list;
            list.program = CAPSULE_CLI;
            list.args = {"--repo", repo(), "list"};
            const Result listed = spawn(list);
            EXPECT_TRUE(WIFEXITED(listed.status) && WEXITSTATUS(listed.status) == 0) << listed.describe();
        }
    }

    void kill_at(const std::function<bool(const Syscall&)>& where) {
        const Result r = run(TORTURE_VICTIM, where);
        ASSERT_TRUE(r.killed_by_tracer) << "the victim never reached that step\n" << r.describe();
        EXPECT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL) << r.describe();
        expect_no_partial_capsule();
    }

    TempDir dir;
};

TEST_F(StoreTorture, KilledOnTheFirstWriteOfTheCapsule) {
    kill_at([](const Syscall& call) {
        return call.number == SYS_write && is_capsule_temp(fd_path(call.pid, call.args[0]));
    });
}

TEST_F(StoreTorture, KilledJustBeforeTheRename) {
    kill_at([](const Syscall& call) {
        if (call.number == SYS_rename) return is_capsule_temp(read_string(call.pid, call.args[0]));
        if (call.number == SYS_renameat || call.number == SYS_renameat2)
            return is_capsule_temp(read_string(call.pid, call.args[1]));
        return false;
    });
}

TEST_F(StoreTorture, KilledBeforeTheIndexLine) {
    kill_at([](const Syscall& call) {
        return call.number == SYS_write && ends_with(fd_path(call.pid, call.args[0]), "/index");
    });
}

// ulimit -f below a capsule's size: SIGXFSZ must not end the test run, the
// write fails with a message, and the result stays that of the failing test.
TEST_F(StoreTorture, FileSizeLimit) {
    const long limit = 2048;  // bytes; a capsule is tens of kilobytes
    const Result with = run(TORTURE_VICTIM, {}, limit);
    const Result plain = run(TORTURE_VICTIM_PLAIN, {}, limit);
    EXPECT_EQ(with.status, plain.status) << with.describe();
    EXPECT_TRUE(WIFEXITED(with.status) && WEXITSTATUS(with.status) == 1) << with.describe();
    EXPECT_NE(with.err.find("capsule: no capsule for Torture.FailsOnce"), std::string::npos)
        << with.describe();
    EXPECT_NE(with.err.find("File too large"), std::string::npos) << with.describe();
    EXPECT_TRUE(testing::capsule_files(repo()).empty());
    if (std::filesystem::exists(repo())) {
        EXPECT_TRUE(leftovers(repo()).empty()) << leftovers(repo())[0];
    }
    expect_no_partial_capsule();
}

// A repository on a full file system: a tmpfs of its own, mounted in a
// private mount namespace (needs root or an unprivileged user namespace).
TEST_F(StoreTorture, FullDisk) {
    if (::unshare(CLONE_NEWNS) != 0) GTEST_SKIP() << "no mount namespace: " << std::strerror(errno);
    ASSERT_EQ(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0) << std::strerror(errno);
    const std::string disk = dir.path() + "/disk";
    std::filesystem::create_directories(disk);
    ASSERT_EQ(::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=64k"), 0) << std::strerror(errno);
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{disk};
    const std::string repository = disk + "/repo";
    std::filesystem::create_directories(repository);
    {
        // Fill it: a write that finds no room is all that is left.
        std::ofstream filler(disk + "/filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (filler.write(block.data(), block.size())) {
        }
    }
    const Result with = run(TORTURE_VICTIM, {}, -1, repository);
    const Result plain = run(TORTURE_VICTIM_PLAIN, {}, -1, repository);
    EXPECT_EQ(with.status, plain.status) << with.describe();
    EXPECT_TRUE(WIFEXITED(with.status) && WEXITSTATUS(with.status) == 1) << with.describe();
    EXPECT_NE(with.err.find("capsule: no capsule for Torture.FailsOnce"), std::string::npos)
        << with.describe();
    EXPECT_NE(with.err.find("No space left on device"), std::string::npos) << with.describe();
    EXPECT_TRUE(testing::capsule_files(repository).empty());
    EXPECT_TRUE(leftovers(repository).empty());
}

}  // namespace
}  // namespace capsule::torture

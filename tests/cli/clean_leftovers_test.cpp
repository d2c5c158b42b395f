// `capsule clean` and the hidden files of writers killed mid-write: a staged
// capsule (or the temporary it was being written to) whose writer is dead is
// removed once a minute old; a live writer's, a fresh one, and the user's own
// files are kept.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli_run.hpp"
#include "store/staged.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;
using clitest::Outcome;

// A pid that was just in use and is not any more.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

void make_file(const std::string& path, std::time_t age_seconds) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << "PK partial";
    const std::time_t when = std::time(nullptr) - age_seconds;
    const timespec times[2] = {{when, 0}, {when, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

std::set<std::string> names_under(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        names.insert(fs::path(entry.path()).lexically_relative(dir).string());
    return names;
}

TEST(StagedNames, CarryTheWriterPidWhateverTheCapsuleName) {
    const std::string short_name = store::staged_name("2024-01-01T00-00-00Z_Bank.Transfer.capsule", 3);
    EXPECT_EQ(store::writer_pid(short_name), ::getpid());
    EXPECT_TRUE(store::is_leftover(short_name, false));
    EXPECT_NE(short_name.substr(short_name.size() - 8), ".capsule") << "must not look like a capsule";
    // write_file_atomically's temporary keeps 100 bytes of the staged name.
    const std::string long_name = store::staged_name(std::string(250, 'n') + ".capsule", 12);
    const std::string temporary = "." + long_name.substr(0, 100) + ".a1B2c3";
    EXPECT_EQ(store::writer_pid(temporary), ::getpid());
    EXPECT_TRUE(store::is_leftover(temporary, false));
    // Earlier versions' names, and the other writers' temporaries.
    EXPECT_EQ(store::writer_pid(".x.capsule.staged-4242-7"), 4242);
    EXPECT_EQ(store::writer_pid("..x.capsule.staged-4242-7.Zz09aB"), 4242);
    EXPECT_EQ(store::writer_pid(".latest.4242.0"), 4242);
    EXPECT_TRUE(store::is_leftover(".latest.4242.0", true));
    EXPECT_TRUE(store::is_leftover(".index.Zz09aB", true));
    // Never the user's files, nor pids that kill(2) would take as a group.
    for (const char* name : {".gitignore", "notes.txt", ".staged-0-1-x.part", ".staged--5-1-x.part",
                             ".staged-99999999999-1-x.part", ".staged-abc-1-x.part", "latest", "index",
                             "index.lock", ".index.lock", ".latest.x.0"}) {
        EXPECT_FALSE(store::is_leftover(name, true) || store::is_leftover(name, false)) << name;
    }
}

class CleanLeftovers : public ::testing::Test {
protected:
    void SetUp() override {
        repo_ = dir_ / "repo";
        capsule_ = clitest::victim(repo_, {"assert", "1"}).at(0);
        capsule_dir_ = fs::path(capsule_).parent_path().string();
        dead_ = dead_pid();
        live_ = ::getpid();
    }

    std::string staged(pid_t pid, const std::string& name) {
        return ".staged-" + std::to_string(pid) + "-0-" + name + ".capsule.part";
    }

    clitest::TempDir dir_;
    std::string repo_, capsule_, capsule_dir_;
    pid_t dead_ = 0, live_ = 0;
};

TEST_F(CleanLeftovers, DeadWritersFilesGoLiveAndFreshOnesStay) {
    const std::string d = capsule_dir_ + "/";
    const std::vector<std::string> stale{
        d + staged(dead_, "a"),                                      // staged, writer dead
        d + "." + staged(dead_, "b") + ".Xy12Zq",                    // its temporary
        d + ".c.capsule.staged-" + std::to_string(dead_) + "-4",     // an earlier version's name
        d + staged(live_, "d"),                                      // live pid, but untouched for 2 days
        repo_ + "/assertion/other/2024-01-01/0123456789ab/" + staged(dead_, "e"),  // alone in its directory
    };
    const std::vector<std::string> kept{
        d + staged(live_, "f"),    // a live writer, now
        d + staged(live_, "g"),    // a live writer, 2 minutes ago
        d + staged(dead_, "h"),    // writer dead, but written 10 seconds ago
        d + ".notes", d + "notes.txt", repo_ + "/.gitignore",
    };
    for (std::size_t i = 0; i < stale.size(); ++i) make_file(stale[i], i == 3 ? 2 * 24 * 3600 : 120);
    make_file(kept[0], 0);
    make_file(kept[1], 120);
    make_file(kept[2], 10);
    for (std::size_t i = 3; i < kept.size(); ++i) make_file(kept[i], 3 * 24 * 3600);

    const auto before = clitest::tree_state(repo_);
    const Outcome dry = clitest::capsule({"clean", "--dry-run", "--repo", repo_});
    ASSERT_EQ(dry.code, 0) << dry.err;
    EXPECT_EQ(clitest::tree_state(repo_), before) << "a dry run changes nothing";
    for (const std::string& path : stale) EXPECT_NE(dry.out.find("would remove " + path + " (left by"), std::string::npos) << path << "\n" << dry.out;
    EXPECT_NE(dry.out.find("would remove 5 files left by interrupted writes"), std::string::npos) << dry.out;

    const Outcome real = clitest::capsule({"clean", "--repo", repo_});
    ASSERT_EQ(real.code, 0) << real.err;
    EXPECT_NE(real.out.find("removed 0, kept 1\n"), std::string::npos) << real.out;
    EXPECT_NE(real.out.find("removed 5 files left by interrupted writes\n"), std::string::npos) << real.out;
    for (const std::string& path : stale) EXPECT_FALSE(fs::exists(path)) << path;
    for (const std::string& path : kept) EXPECT_TRUE(fs::exists(path)) << path;
    EXPECT_TRUE(fs::exists(capsule_));
    EXPECT_FALSE(fs::exists(repo_ + "/assertion/other")) << "the directories it emptied are gone";

    // Nothing left to remove: the line is not printed, the JSON says none.
    const Outcome again = clitest::capsule({"clean", "--json", "--repo", repo_});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_TRUE(clitest::parse_json(again.out)["leftovers"].empty()) << again.out;
    EXPECT_EQ(clitest::capsule({"clean", "--repo", repo_}).out, "removed 0, kept 1\n");
}

TEST_F(CleanLeftovers, TemporariesOfTheIndexAndLatestGoUnderTheLock) {
    // Written only under the repository lock, which clean holds: stale once a minute old.
    const std::string index_temp = repo_ + "/.index.Qw3rTy";
    const std::string latest_temp = repo_ + "/.latest." + std::to_string(live_) + ".9";
    make_file(index_temp, 120);
    make_file(latest_temp, 120);
    const Outcome r = clitest::capsule({"clean", "--json", "--repo", repo_});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = clitest::parse_json(r.out);
    EXPECT_EQ(j["leftovers"].size(), 2u) << r.out;
    EXPECT_FALSE(fs::exists(index_temp));
    EXPECT_FALSE(fs::exists(latest_temp));
    EXPECT_TRUE(fs::exists(capsule_));
}

TEST_F(CleanLeftovers, ARepositoryWhoseOnlyWriterDiedBeforeItsIndexLine) {
    const std::string repo = dir_ / "first";
    const std::string leftover = repo + "/crash/SIGSEGV/2024-01-01/0123456789ab/." + staged(dead_, "x") + ".Ab12Cd";
    make_file(leftover, 120);
    const Outcome r = clitest::capsule({"clean", "--repo", repo});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("removed 1 file left by interrupted writes"), std::string::npos) << r.out;
    EXPECT_EQ(names_under(repo), std::set<std::string>{}) << "the file and its directories are gone";
    EXPECT_FALSE(fs::exists(repo + "/index.lock")) << "no lock file made in a repository with no index";
}

}  // namespace
}  // namespace capsule

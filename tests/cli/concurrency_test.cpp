// Many test processes storing into one repository at once, as under
// `ctest -j8`, while readers list it and `capsule clean` rewrites it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <set>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "cli_run.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;

std::set<std::string> capsule_files(const std::string& repo) {
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(repo))
        if (entry.is_regular_file() && entry.path().extension() == ".capsule") files.insert(entry.path().string());
    return files;
}

std::set<std::string> indexed_files(const std::string& repo) {
    std::set<std::string> files;
    for (const IndexEntry& entry : read_index(repo).entries) files.insert(entry_path(repo, entry));
    return files;
}

// Waits for the writers while `during` runs over and over; returns how many
// times it ran.
int while_writing(std::vector<pid_t>& writers, const std::function<void()>& during) {
    int rounds = 0;
    std::vector<bool> done(writers.size(), false);
    for (std::size_t left = writers.size(); left > 0;) {
        during();
        ++rounds;
        for (std::size_t i = 0; i < writers.size(); ++i) {
            if (done[i]) continue;
            int status = 0;
            const pid_t r = ::waitpid(writers[i], &status, WNOHANG);
            if (r == writers[i]) {
                done[i] = true;
                --left;
                EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer " << i << " failed";
            }
        }
    }
    return rounds;
}

TEST(Concurrency, EightWritersLoseNoEntry) {
    clitest::TempDir dir;
    const std::string repo = dir / "repo";
    std::vector<pid_t> writers;
    for (int i = 0; i < 8; ++i) writers.push_back(clitest::start_victim(repo, {"many", "100"}));

    std::size_t last_seen = 0;
    const int rounds = while_writing(writers, [&] {
        const clitest::Outcome list = clitest::capsule({"list", "--all", "--json", "--repo", repo});
        ASSERT_EQ(list.code, 0) << list.err;
        EXPECT_EQ(list.err, "");
        const auto j = clitest::parse_json(list.out);
        // An append is all or nothing: the listing only grows, and a torn
        // line is never more than the one being written.
        EXPECT_GE(j["capsules"].size(), last_seen);
        EXPECT_LE(j["skipped_lines"], 1);
        last_seen = j["capsules"].size();
        for (const auto& entry : j["capsules"]) ASSERT_TRUE(fs::exists(entry["path"].get<std::string>()));
    });
    EXPECT_GT(rounds, 0);

    const std::string text = clitest::slurp(repo + "/index");
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 800);
    EXPECT_EQ(text.back(), '\n');
    const IndexContents index = read_index(repo);
    EXPECT_EQ(index.entries.size(), 800u);
    EXPECT_EQ(index.skipped_lines, 0u);
    const std::set<std::string> indexed = indexed_files(repo);
    EXPECT_EQ(indexed.size(), 800u) << "two entries name one file";
    EXPECT_EQ(capsule_files(repo), indexed) << "a file without an entry, or an entry without a file";
    EXPECT_EQ(read_capsule(*indexed.begin()).test.full_name, "Load.many");
    EXPECT_EQ(read_capsule(*indexed.rbegin()).test.full_name, "Load.many");
    EXPECT_EQ(indexed.count(latest_capsule(repo)), 1u);

    const auto stats = clitest::parse_json(clitest::capsule({"stats", "--json", "--repo", repo}).out);
    EXPECT_EQ(stats["capsules"], 800);
    EXPECT_EQ(stats["unique_fingerprints"], 1);
}

TEST(Concurrency, CleanWhileWritersStore) {
    clitest::TempDir dir;
    const std::string repo = dir / "repo";
    std::vector<pid_t> writers;
    for (int i = 0; i < 4; ++i) writers.push_back(clitest::start_victim(repo, {"many", "60"}));
    std::size_t removed = 0;
    while_writing(writers, [&] {
        const clitest::Outcome clean = clitest::capsule({"clean", "--max-capsules", "25", "--json", "--repo", repo});
        ASSERT_EQ(clean.code, 0) << clean.err;
        removed += clitest::parse_json(clean.out)["removed"].size();
    });
    // Whatever interleaving happened: every file is listed, every entry has
    // its file, and nothing was stored twice or lost.
    const std::set<std::string> indexed = indexed_files(repo);
    EXPECT_EQ(capsule_files(repo), indexed);
    EXPECT_EQ(indexed.size() + removed, 240u);
    EXPECT_EQ(read_index(repo).skipped_lines, 0u);
    const auto last = clitest::parse_json(clitest::capsule({"clean", "--max-capsules", "25", "--json", "--repo", repo}).out);
    EXPECT_EQ(last["kept"], 25);
    EXPECT_EQ(capsule_files(repo).size(), 25u);
}

}  // namespace
}  // namespace capsule

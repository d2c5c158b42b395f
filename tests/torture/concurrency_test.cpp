// Eight GoogleTest processes, 200 failing tests each, storing into one
// repository at once (ctest -j8 with a shared CAPSULE_OUTPUT_DIR), while
// `capsule list` reads it. tests/cli/concurrency_test.cpp does the same with
// store_capsule called in a loop; this one goes through the listener, the
// session and a capture per failure.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "run_process.hpp"
#include "spawn.hpp"
#include "torture_support.hpp"

namespace capsule::torture {
namespace {

constexpr int processes = 8;
constexpr int tests_each = 200;

TEST(Concurrency, EightProcessesOfTwoHundredFailingTests) {
    testing::TempDir dir;
    const std::string repo = dir.path() + "/repo";
    std::vector<int> writers;
    for (int i = 0; i < processes; ++i) {
        Spawn spec;
        spec.program = TORTURE_VICTIM;
        spec.args = {"--gtest_filter=Load/Many.*"};
        spec.env = victim_env(repo);
        spec.env.push_back("CAPSULE_MAX_CAPSULES=1000");  // above the 200 of one process
        writers.push_back(start(spec));
    }

    std::vector<bool> done(writers.size(), false);
    std::size_t left = writers.size(), last_seen = 0;
    int listings = 0;
    while (left > 0) {
        Spawn list;
        list.program = CAPSULE_CLI;
        list.args = {"list", "--all", "--json", "--repo", repo};
        const Result listed = spawn(list);
        ++listings;
        // Before the first capsule there is no repository yet: also no error.
        ASSERT_TRUE(WIFEXITED(listed.status) && WEXITSTATUS(listed.status) == 0) << listed.describe();
        EXPECT_EQ(listed.err, "");
        const nlohmann::json j = nlohmann::json::parse(listed.out);
        EXPECT_GE(j["capsules"].size(), last_seen) << "the listing shrank";
        last_seen = j["capsules"].size();
        for (std::size_t i = 0; i < writers.size(); ++i) {
            int status = 0;
            if (done[i] || ::waitpid(writers[i], &status, WNOHANG) != writers[i]) continue;
            done[i] = true;
            --left;
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << "writer " << i << " status " << status;
        }
    }
    EXPECT_GT(listings, 1);

    const IndexContents index = read_index(repo);
    EXPECT_EQ(index.entries.size(), static_cast<std::size_t>(processes * tests_each));
    EXPECT_EQ(index.skipped_lines, 0u);
    std::set<std::string> indexed;
    std::multiset<std::string> tests;
    for (const IndexEntry& entry : index.entries) {
        indexed.insert(entry_path(repo, entry));
        tests.insert(entry.test);
    }
    const std::vector<std::string> files = testing::capsule_files(repo);
    EXPECT_EQ(std::set<std::string>(files.begin(), files.end()), indexed)
        << "a file without an entry, or an entry without its file";
    // Every test of every process, once per process.
    for (int t = 0; t < tests_each; ++t)
        EXPECT_EQ(tests.count("Load/Many.Fails/" + std::to_string(t)), static_cast<std::size_t>(processes)) << t;
    // None torn: each one reads back whole.
    std::size_t unreadable = 0;
    for (const std::string& file : indexed) {
        try {
            if (read_capsule(file).kind != "assertion") ++unreadable;
        } catch (const std::exception& e) {
            ADD_FAILURE() << file << ": " << e.what();
            ++unreadable;
        }
    }
    EXPECT_EQ(unreadable, 0u);
    EXPECT_TRUE(leftovers(repo).empty()) << leftovers(repo).size() << " stray files, e.g. " << leftovers(repo)[0];
}

}  // namespace
}  // namespace capsule::torture

// The repository itself: layout, index, latest and retention, through the
// library (store_capsule, read_index, clean_repository).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "capsule/config.hpp"
#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "capsule/store.hpp"
#include "cli_run.hpp"
#include "store/index.hpp"
#include "store/layout.hpp"
#include "store/lock.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;
using clitest::TempDir;

Report report_at(const std::string& time, const std::string& test = "Suite.Name",
                 const std::string& fingerprint = std::string(64, 'a')) {
    Report r;
    r.kind = "exception";
    r.exception.type = "std::out_of_range";
    r.fingerprint = fingerprint;
    r.time = time;
    r.pid = 77;
    r.test.full_name = test;
    Thread t;
    t.tid = 77;
    t.failing = true;
    Frame library;
    library.function = "std::vector<int>::at(unsigned long)";
    library.category = "std";
    Frame user;
    user.function = "check_range(int)";
    user.category = "user";
    t.frames = {library, user};
    r.threads.push_back(t);
    return r;
}

std::string now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

TEST(RepositoryLayout, PathComponentsCannotEscapeOrHide) {
    EXPECT_EQ(store::path_component("../../etc", 64, "x"), "etc");
    EXPECT_EQ(store::path_component("..", 64, "x"), "x");
    EXPECT_EQ(store::path_component("a/b\\c", 64, "x"), "a_b_c");
    EXPECT_EQ(store::path_component("std::runtime_error", 64, "x"), "std_runtime_error");
    EXPECT_EQ(store::path_component("line\nbreak\x1b[31m", 64, "x"), "line_break_31m");
    EXPECT_EQ(store::path_component("-rf", 64, "x"), "rf");
    EXPECT_EQ(store::path_component(".hidden", 64, "x"), "hidden");
    EXPECT_EQ(store::path_component("", 64, "none"), "none");
    EXPECT_EQ(store::path_component(std::string(500, 'z'), 80, "x"), std::string(80, 'z'));

    EXPECT_TRUE(store::safe_relative_path("a/b/c.capsule"));
    EXPECT_FALSE(store::safe_relative_path("../c.capsule"));
    EXPECT_FALSE(store::safe_relative_path("a/../../c.capsule"));
    EXPECT_FALSE(store::safe_relative_path("/etc/passwd"));
    EXPECT_FALSE(store::safe_relative_path("a//b"));
    EXPECT_FALSE(store::safe_relative_path("a/./b"));
    EXPECT_FALSE(store::safe_relative_path("a\nb"));
    EXPECT_FALSE(store::safe_relative_path(""));
}

TEST(RepositoryLayout, TimesAsCapsulesWriteThem) {
    std::time_t t = 0;
    ASSERT_TRUE(parse_capsule_time("1970-01-02T00:00:01Z", t));
    EXPECT_EQ(t, 86401);
    ASSERT_TRUE(parse_capsule_time("2024-05-01T12:34:56.123Z", t));
    EXPECT_EQ(t, 1714566896);
    EXPECT_FALSE(parse_capsule_time("2024-05-01T12:34:56", t));   // no zone
    EXPECT_FALSE(parse_capsule_time("2024-05-01T12:34:56+02:00", t));
    EXPECT_FALSE(parse_capsule_time("2024-13-01T12:34:56Z", t));
    EXPECT_FALSE(parse_capsule_time("yesterday", t));
    EXPECT_FALSE(parse_capsule_time("", t));
}

TEST(Repository, StoreWritesLayoutIndexAndLatest) {
    TempDir dir;
    const std::string repo = dir / "repo";
    const std::string path = store_capsule(report_at("2024-05-01T12:34:56.789Z"), repo);
    EXPECT_EQ(path.rfind(repo + "/exception/std_out_of_range/2024-05-01/aaaaaaaaaaaa/", 0), 0u) << path;
    EXPECT_EQ(read_capsule(path).test.full_name, "Suite.Name");

    const IndexContents index = read_index(repo);
    ASSERT_EQ(index.entries.size(), 1u);
    EXPECT_EQ(index.skipped_lines, 0u);
    const IndexEntry& e = index.entries[0];
    EXPECT_EQ(e.time, "2024-05-01T12:34:56.789Z");
    EXPECT_EQ(e.kind, "exception");
    EXPECT_EQ(e.test, "Suite.Name");
    EXPECT_EQ(e.fingerprint, std::string(64, 'a'));
    EXPECT_EQ(e.cause, "std::out_of_range");
    EXPECT_EQ(e.function, "check_range(int)");
    EXPECT_EQ(entry_path(repo, e), path);

    // latest: a relative symlink, so the repository can be moved or copied.
    const fs::path link = fs::path(repo) / "latest";
    ASSERT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link).string(), e.path);
    EXPECT_EQ(latest_capsule(repo), path);

    const std::string second = store_capsule(report_at("2024-05-02T00:00:00Z", "Other.Test"), repo);
    EXPECT_EQ(latest_capsule(repo), second);
    EXPECT_EQ(read_index(repo).entries.size(), 2u);
}

TEST(Repository, HostileReportFieldsStayInsideTheRepository) {
    TempDir dir;
    const std::string repo = dir / "repo";
    Report r = report_at("../../../../tmp/x");
    r.kind = "../../..";
    r.exception.type = "/etc/passwd\n\x1b[2J";
    r.fingerprint = "../../../../../../../../etc";
    r.test.full_name = std::string(5000, 'T') + "\n{\"path\":\"/etc/passwd\"}";
    const std::string path = store_capsule(r, repo);
    const std::string canonical = fs::weakly_canonical(path).string();
    const std::string root = fs::weakly_canonical(repo).string() + "/";
    EXPECT_EQ(canonical.rfind(root, 0), 0u) << canonical;
    // The index line is one bounded line and reads back as one entry.
    const std::string text = clitest::slurp(repo + "/index");
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
    EXPECT_LT(text.size(), 4096u);
    const IndexContents index = read_index(repo);
    ASSERT_EQ(index.entries.size(), 1u);
    EXPECT_EQ(entry_path(repo, index.entries[0]), path);
    EXPECT_EQ(index.entries[0].test.find('\n'), std::string::npos);
}

TEST(Repository, ReadersSkipTornAndDamagedLines) {
    TempDir dir;
    const std::string repo = dir / "repo";
    IndexEntry good;
    good.kind = "crash";
    good.path = "crash/SIGSEGV/2024-01-01/abc/x.capsule";
    IndexEntry escaping = good;
    escaping.path = "../outside.capsule";
    fs::create_directories(repo);
    std::ofstream(repo + "/index") << store::encode_entry(good) << "not json at all\n"
                                   << store::encode_entry(escaping) << "[1,2]\n"
                                   << "{\"path\": 5}\n"
                                   << store::encode_entry(good).substr(0, 30);  // a writer mid-append
    const IndexContents index = read_index(repo);
    ASSERT_EQ(index.entries.size(), 1u);
    EXPECT_EQ(index.entries[0].path, good.path);
    EXPECT_EQ(index.skipped_lines, 5u);

    // The next writer starts on a line of its own: the torn one stays alone.
    store_capsule(report_at("2024-05-01T00:00:00Z"), repo);
    const IndexContents after = read_index(repo);
    ASSERT_EQ(after.entries.size(), 2u);
    EXPECT_EQ(after.entries[1].kind, "exception");
    EXPECT_EQ(after.skipped_lines, 5u);
}

TEST(Repository, AStuckLockHolderCostsACapsuleNotAHang) {
    TempDir dir;
    const std::string repo = dir / "repo";
    store_capsule(report_at("2024-05-01T00:00:00Z"), repo);
    // Another holder of the lock: flock conflicts between open file descriptions.
    const int holder = ::open((repo + "/index.lock").c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(holder, 0);
    ASSERT_EQ(::flock(holder, LOCK_EX), 0);
    const auto start = std::chrono::steady_clock::now();
    try {
        store::RepositoryLock lock(repo, std::chrono::milliseconds(300));
        ADD_FAILURE() << "took a lock that is held";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("held by another process for 300 ms"), std::string::npos) << e.what();
    }
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
    ::close(holder);
    EXPECT_NO_THROW(store::RepositoryLock(repo, std::chrono::milliseconds(300)));
    EXPECT_NO_THROW(store_capsule(report_at("2024-05-02T00:00:00Z"), repo));
    EXPECT_EQ(read_index(repo).entries.size(), 2u);
}

TEST(Repository, MissingRepositoryReadsEmpty) {
    TempDir dir;
    EXPECT_TRUE(read_index(dir / "nothing").entries.empty());
    EXPECT_EQ(latest_capsule(dir / "nothing"), "");
    const CleanResult result = clean_repository(dir / "nothing", {30, 5}, std::time(nullptr), false);
    EXPECT_TRUE(result.removed.empty());
    EXPECT_FALSE(fs::exists(dir / "nothing"));
}

TEST(Repository, LatestFallsBackToTheIndex) {
    TempDir dir;
    const std::string repo = dir / "repo";
    store_capsule(report_at("2024-05-01T00:00:00Z"), repo);
    const std::string second = store_capsule(report_at("2024-05-02T00:00:00Z"), repo);
    fs::remove(fs::path(repo) / "latest");
    EXPECT_EQ(latest_capsule(repo), second);
    // A link pointing out of the repository is not followed.
    fs::create_symlink("/etc/passwd", fs::path(repo) / "latest");
    EXPECT_EQ(latest_capsule(repo), second);
}

TEST(Repository, CleanByAgeThenByCount) {
    TempDir dir;
    const std::string repo = dir / "repo";
    std::vector<std::string> old;
    for (int day = 1; day <= 3; ++day)
        old.push_back(store_capsule(report_at("2020-01-0" + std::to_string(day) + "T10:00:00Z"), repo));
    const std::string recent_a = store_capsule(report_at(now_iso(), "Recent.A"), repo);
    const std::string recent_b = store_capsule(report_at(now_iso(), "Recent.B"), repo);

    const auto before = clitest::tree_state(repo);
    const CleanResult dry = clean_repository(repo, {30, 0}, std::time(nullptr), true);
    EXPECT_EQ(dry.removed.size(), 3u);
    EXPECT_EQ(dry.kept.size(), 2u);
    EXPECT_EQ(clitest::tree_state(repo), before) << "a dry run changed the repository";

    const CleanResult aged = clean_repository(repo, {30, 0}, std::time(nullptr), false);
    ASSERT_EQ(aged.removed.size(), 3u);
    for (const std::string& path : old) EXPECT_FALSE(fs::exists(path)) << path;
    // Directories left empty go too, up to the repository.
    EXPECT_FALSE(fs::exists(repo + "/exception/std_out_of_range/2020-01-01"));
    EXPECT_TRUE(fs::exists(recent_a));
    const IndexContents index = read_index(repo);
    ASSERT_EQ(index.entries.size(), 2u);
    EXPECT_EQ(index.entries[0].test, "Recent.A");
    EXPECT_EQ(latest_capsule(repo), recent_b);

    const CleanResult counted = clean_repository(repo, {0, 1}, std::time(nullptr), false);
    ASSERT_EQ(counted.removed.size(), 1u);
    EXPECT_EQ(counted.removed[0].test, "Recent.A");  // same second: the one stored first goes
    EXPECT_FALSE(fs::exists(recent_a));
    EXPECT_TRUE(fs::exists(recent_b));
    EXPECT_EQ(read_index(repo).entries.size(), 1u);

    // No limits: nothing goes, however old. A file gone by hand is forgotten.
    const CleanResult all = clean_repository(repo, {0, 0}, std::time(nullptr) + 400 * 86400, false);
    EXPECT_TRUE(all.removed.empty());
    fs::remove(recent_b);
    const CleanResult forgot = clean_repository(repo, {0, 0}, std::time(nullptr), false);
    EXPECT_EQ(forgot.missing.size(), 1u);
    EXPECT_TRUE(read_index(repo).entries.empty());
    EXPECT_FALSE(fs::exists(fs::symlink_status(fs::path(repo) / "latest")));
}

TEST(Repository, CleanLeavesFilesItDoesNotList) {
    TempDir dir;
    const std::string repo = dir / "repo";
    store_capsule(report_at("2020-01-01T00:00:00Z"), repo);
    // A file someone put there by hand, and an index line pointing at a symlink.
    std::ofstream(repo + "/notes.txt") << "mine\n";
    fs::create_symlink(repo + "/notes.txt", repo + "/link.capsule");
    IndexEntry link;
    link.time = "2020-01-01T00:00:00Z";
    link.path = "link.capsule";
    std::ofstream(repo + "/index", std::ios::app) << store::encode_entry(link);
    const CleanResult result = clean_repository(repo, {1, 0}, std::time(nullptr), false);
    EXPECT_EQ(result.removed.size(), 1u);
    EXPECT_EQ(result.missing.size(), 1u);  // not a regular file: forgotten, not deleted
    EXPECT_TRUE(fs::exists(repo + "/notes.txt"));
    EXPECT_TRUE(fs::is_symlink(repo + "/link.capsule"));
}

TEST(RepositoryConfig, RetentionKeysInCapsuleYamlAndEnvironment) {
    RunOptions options;
    std::vector<ConfigWarning> warnings;
    apply_yaml("retention:\n  max_days: 14\n  max_capsules: 500\nmax_capsules: 3\n", ".capsule.yaml", options,
               warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(options.retention.max_days, 14);
    EXPECT_EQ(options.retention.max_capsules, 500);
    EXPECT_EQ(options.max_capsules, 3);  // the per-run limit is another key
    apply_environment({"CAPSULE_RETENTION_MAX_DAYS=2", "CAPSULE_DIR=/somewhere"}, options, warnings);
    EXPECT_EQ(options.retention.max_days, 2);
    EXPECT_TRUE(warnings.empty()) << warnings.front().message;
    apply_yaml("retention:\n  max_days: -1\n", "f", options, warnings);
    EXPECT_EQ(options.retention.max_days, 2);
    EXPECT_EQ(warnings.size(), 1u);
    // The crash helper gets the options through to_yaml: retention survives it.
    RunOptions back;
    apply_yaml(to_yaml(options), "round trip", back, warnings);
    EXPECT_EQ(back.retention.max_capsules, 500);
}

}  // namespace
}  // namespace capsule

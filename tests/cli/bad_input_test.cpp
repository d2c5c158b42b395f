// Bad input to every command: a clear one-line error, exit 2, and nothing
// written or deleted (the whole directory compared before and after).
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "capsule/file.hpp"
#include "capsule/store.hpp"
#include "cli_run.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;
using clitest::Outcome;

void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    for (const auto& [name, data] : entries) {
        zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0) << zip_strerror(archive);
    }
    ASSERT_EQ(zip_close(archive), 0);
}

class BadInput : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::make_unique<clitest::TempDir>();
        good_ = clitest::victim(*dir_ / "repo", {"assert", "1"}).at(0);
        const Report report = read_capsule(good_);
        const std::string bytes = clitest::slurp(good_);
        const std::string json = report_to_json(report);
        std::string manifest = report_to_manifest_yaml(report);

        files_["missing"] = {*dir_ / "missing.capsule", "No such file or directory"};
        files_["text"] = {*dir_ / "text.capsule", "not a capsule"};
        std::ofstream(files_["text"].first) << "not a zip\n";
        files_["truncated"] = {*dir_ / "truncated.capsule", "not a capsule"};
        std::ofstream(files_["truncated"].first, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        files_["escaping"] = {*dir_ / "escaping.capsule", "hostile entry name \"../evil.txt\""};
        write_zip(files_["escaping"].first, {{"manifest.yaml", manifest}, {"capsule.json", json}, {"../evil.txt", "x"}});
        manifest.replace(manifest.find("\"1.0\""), 5, "\"2.1\"");
        files_["newer"] = {*dir_ / "newer.capsule", "capsule format 2.1 is newer than this capsule"};
        write_zip(files_["newer"].first, {{"manifest.yaml", manifest}, {"capsule.json", json}});
        files_["directory"] = {*dir_ / "repo", "Is a directory"};
        fs::create_directory(*dir_ / "empty-repo");
        before_ = clitest::tree_state(dir_->path());
    }

    void expect_refused(const std::vector<std::string>& args, const std::string& reason,
                        const std::string& input = "") {
        clitest::RunSetup setup;
        setup.input = input;
        const Outcome r = clitest::capsule(args, setup);
        std::string command;
        for (const std::string& arg : args) command += arg + " ";
        EXPECT_EQ(r.code, 2) << command << "\n" << r.out << r.err;
        EXPECT_EQ(r.out, "") << command;
        EXPECT_EQ(r.err.rfind("capsule: ", 0), 0u) << command << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << command << r.err;
        EXPECT_NE(r.err.find(reason), std::string::npos) << command << "\nwanted: " << reason << "\ngot: " << r.err;
        EXPECT_EQ(clitest::tree_state(dir_->path()), before_) << command << " changed something";
    }

    std::unique_ptr<clitest::TempDir> dir_;
    std::string good_;
    std::map<std::string, std::pair<std::string, std::string>> files_;  // name -> path, expected reason
    std::map<std::string, std::string> before_;
};

TEST_F(BadInput, EveryCommandThatReadsACapsule) {
    const std::string empty = *dir_ / "empty-repo";
    for (const auto& [name, file] : files_) {
        const auto& [path, reason] = file;
        SCOPED_TRACE(name);
        const std::vector<std::vector<std::string>> commands{
            {"show", path},        {"show", path, "--json"}, {"stack", path},     {"stack", path, "--json"},
            {"vars", path},        {"vars", path, "--json"}, {"env", path},       {"env", path, "--json"},
            {"fingerprint", path}, {"diff", path, good_},    {"diff", good_, path}, {"explore", path},
            {"explore", path, "--json"}};
        for (std::vector<std::string> args : commands) {
            args.insert(args.end(), {"--repo", empty});
            expect_refused(args, reason, "frames\nwhere\n");
        }
    }
}

TEST_F(BadInput, FingerprintsInAnEmptyOrMissingRepository) {
    for (const std::string& repo : {*dir_ / "empty-repo", *dir_ / "no-such-repo"}) {
        for (const char* command : {"show", "stack", "vars", "env", "fingerprint", "explore"})
            expect_refused({command, "abcdef12", "--repo", repo}, "is empty");
        expect_refused({"diff", "abcdef12", good_, "--repo", repo}, "is empty");
        expect_refused({"latest", "--repo", repo}, "no capsules in");
        expect_refused({"latest", "--path", "--json", "--repo", repo}, "no capsules in");
    }
    // A prefix that matches nothing in a repository that has capsules.
    expect_refused({"show", "ffffffff0000", "--repo", *dir_ / "repo"}, "nothing in");
}

TEST_F(BadInput, RepositoryCommandsOnAnEmptyOrMissingRepository) {
    for (const std::string& repo : {*dir_ / "empty-repo", *dir_ / "no-such-repo"}) {
        SCOPED_TRACE(repo);
        auto run = [&](std::vector<std::string> args) {
            args.insert(args.end(), {"--repo", repo});
            const Outcome r = clitest::capsule(args);
            EXPECT_EQ(clitest::tree_state(dir_->path()), before_) << args[0] << " changed something";
            return r;
        };
        for (const char* command : {"list", "stats", "clean"}) {
            const Outcome text = run({command});
            EXPECT_EQ(text.code, 0) << command << text.err;
            EXPECT_NE(text.err.find("no capsules in " + repo), std::string::npos) << command << text.err;
            const Outcome json = run({command, "--json"});
            EXPECT_EQ(json.code, 0) << command << json.err;
            EXPECT_NO_THROW(clitest::parse_json(json.out)) << command << json.out;
        }
        EXPECT_EQ(run({"list"}).out, "");
        EXPECT_TRUE(clitest::parse_json(run({"list", "--json"}).out)["capsules"].empty());
        EXPECT_EQ(clitest::parse_json(run({"stats", "--json"}).out)["capsules"], 0);
        EXPECT_EQ(run({"search", "anything"}).code, 1);
        const Outcome by_name = run({"vars", "--by-name"});
        EXPECT_EQ(by_name.code, 0);
        EXPECT_NE(by_name.err.find("no capsules in"), std::string::npos);
        EXPECT_EQ(run({"clean", "--max-days", "1", "--max-capsules", "1"}).code, 0);
    }
}

TEST_F(BadInput, AmbiguousFingerprintPrefix) {
    const std::string repo = *dir_ / "two";
    Report a = read_capsule(good_);
    a.fingerprint = "abcd1111" + std::string(56, '0');
    Report b = a;
    b.fingerprint = "abcd2222" + std::string(56, '0');
    store_capsule(a, repo);
    const std::string b_path = store_capsule(b, repo);
    before_ = clitest::tree_state(dir_->path());
    expect_refused({"show", "abcd", "--repo", repo}, "fingerprint prefix \"abcd\" is ambiguous: 2 failures match");
    expect_refused({"diff", "abcd", "abcd2", "--repo", repo}, "ambiguous");
    const Outcome one = clitest::capsule({"fingerprint", "abcd2", "--json", "--repo", repo});
    ASSERT_EQ(one.code, 0) << one.err;
    EXPECT_EQ(clitest::parse_json(one.out)["path"], b_path);
}

TEST_F(BadInput, DamagedIndexLinesAreSkipped) {
    const std::string repo = *dir_ / "repo";
    std::ofstream(repo + "/index", std::ios::app)
        << "garbage\n{\"path\":\"../../etc/passwd\",\"kind\":\"crash\"}\n{\"path\":\"/etc/passwd\"}\n{\"time\":";
    const Outcome list = clitest::capsule({"list", "--json", "--repo", repo});
    ASSERT_EQ(list.code, 0) << list.err;
    const auto j = clitest::parse_json(list.out);
    EXPECT_EQ(j["capsules"].size(), 1u);
    EXPECT_EQ(j["skipped_lines"], 4);
    EXPECT_EQ(clitest::capsule({"search", "passwd", "--repo", repo}).code, 1);
}

TEST_F(BadInput, UsageErrors) {
    const std::string repo = *dir_ / "repo";
    expect_refused({"clean", "--max-days", "-1", "--repo", repo}, "--max-days");
    expect_refused({"clean", "--max-capsules", "many", "--repo", repo}, "--max-capsules");
    expect_refused({"vars", "--repo", repo}, "CAPSULE is required");
    expect_refused({"vars", "--by-name", "--frame", "1", "--repo", repo}, "takes no --frame");
    expect_refused({"diff", good_, "--repo", repo}, "B");
    expect_refused({"stack", good_, "--color", "rainbow"}, "--color must be auto, always or never");
    expect_refused({"stack", good_, "--thread", "1"}, "no thread 1");
    expect_refused({"list", "--limit", "x", "--repo", repo}, "--limit");
    // Negative counts are refused, not taken as huge unsigned numbers.
    expect_refused({"list", "--limit", "-1", "--repo", repo}, "must be a whole number, 0 or more, not \"-1\"");
    expect_refused({"search", "x", "--limit", "-1", "--repo", repo}, "must be a whole number");
    expect_refused({"vars", good_, "--frame", "-1", "--repo", repo}, "must be a whole number");
    expect_refused({"clean", "--max-days", "99999999999", "--repo", repo}, "must be a whole number");
    expect_refused({"search", "", "--repo", repo}, "TERM is empty");
    expect_refused({"explore"}, "CAPSULE");
    expect_refused({"show", "abc"}, "cannot read abc: No such file or directory");
}

TEST_F(BadInput, CleanTakesRetentionFromCapsuleYaml) {
    const std::string repo = *dir_ / "repo";
    const std::string second = clitest::victim(repo, {"assert", "2"}).at(0);
    std::ofstream(*dir_ / ".capsule.yaml") << "retention:\n  max_capsules: 1\n";
    clitest::RunSetup setup;
    setup.cwd = dir_->path();

    const auto before = clitest::tree_state(repo);
    const Outcome dry = clitest::capsule({"clean", "--dry-run", "--repo", repo}, setup);
    ASSERT_EQ(dry.code, 0) << dry.err;
    EXPECT_EQ(dry.out, "would remove " + good_ + "\nwould remove 1, kept 1 (beyond the newest 1)\n");
    EXPECT_EQ(clitest::tree_state(repo), before);

    // The flag wins over the file: 5 keeps both.
    EXPECT_EQ(clitest::capsule({"clean", "--max-capsules", "5", "--repo", repo}, setup).out,
              "removed 0, kept 2 (beyond the newest 5)\n");
    const Outcome real = clitest::capsule({"clean", "--repo", repo, "--json"}, setup);
    ASSERT_EQ(real.code, 0) << real.err;
    const auto j = clitest::parse_json(real.out);
    EXPECT_EQ(j["removed"][0]["path"], good_);
    EXPECT_EQ(j["kept"], 1);
    EXPECT_FALSE(fs::exists(good_));
    EXPECT_TRUE(fs::exists(second));

    // A bad value is a warning, and the limit it would have set stays unset.
    std::ofstream(*dir_ / ".capsule.yaml") << "retention:\n  max_days: soon\n";
    const Outcome warned = clitest::capsule({"clean", "--repo", repo}, setup);
    EXPECT_EQ(warned.code, 0);
    EXPECT_NE(warned.err.find("capsule: warning: "), std::string::npos) << warned.err;
    EXPECT_NE(warned.err.find("retention.max_days"), std::string::npos) << warned.err;
    EXPECT_TRUE(fs::exists(second));
}

}  // namespace
}  // namespace capsule

// The repository commands on a repository filled by a real program: two
// failed checks of one test (same fingerprint, different values), a caught
// exception and a crash captured from its SIGSEGV handler.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "capsule/file.hpp"
#include "cli_run.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;
using clitest::capsule;
using clitest::Outcome;
using clitest::parse_json;

std::size_t position(const std::string& text, const std::string& part) {
    const std::size_t at = text.find(part);
    EXPECT_NE(at, std::string::npos) << "missing: " << part << "\nin:\n" << text;
    return at;
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

class RepoCommands : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<clitest::TempDir>();
        repo_ = *dir_ / "repo";
        assert_1_ = clitest::victim(repo_, {"assert", "1"}).at(0);
        assert_2_ = clitest::victim(repo_, {"assert", "2"}).at(0);
        exception_ = clitest::victim(repo_, {"exception"}).at(0);
        crash_ = clitest::victim(repo_, {"crash"}).at(0);
        assert_fp_ = read_capsule(assert_1_).fingerprint;
    }
    static void TearDownTestSuite() { dir_.reset(); }

    static Outcome run(std::vector<std::string> args) {
        args.push_back("--repo");
        args.push_back(repo_);
        return capsule(args);
    }

    static std::unique_ptr<clitest::TempDir> dir_;
    static std::string repo_, assert_1_, assert_2_, exception_, crash_, assert_fp_;
};

std::unique_ptr<clitest::TempDir> RepoCommands::dir_;
std::string RepoCommands::repo_, RepoCommands::assert_1_, RepoCommands::assert_2_, RepoCommands::exception_,
    RepoCommands::crash_, RepoCommands::assert_fp_;

TEST_F(RepoCommands, ListGroupsByFailureNewestFirst) {
    const Outcome list = run({"list"});
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.err, "");
    EXPECT_EQ(lines(list.out), 4u) << list.out;
    EXPECT_EQ(list.out.rfind("TIME                 KIND       TEST              FINGERPRINT   COUNT\n", 0), 0u) << list.out;
    const std::size_t crash = position(list.out, "  crash      Crash.null_write  ");
    const std::size_t exception = position(list.out, "  exception  Config.parses     ");
    const std::size_t assertion = position(list.out, "  assertion  Inventory.counts  " + assert_fp_.substr(0, 12) + "      2\n");
    EXPECT_LT(crash, exception);
    EXPECT_LT(exception, assertion);
    EXPECT_EQ(list.out.find('\x1b'), std::string::npos);

    const Outcome all = run({"list", "--all"});
    ASSERT_EQ(all.code, 0);
    EXPECT_EQ(lines(all.out), 5u) << all.out;
    position(all.out, fs::relative(assert_1_, repo_).string() + "\n");

    const Outcome json = run({"list", "--all", "--json"});
    ASSERT_EQ(json.code, 0) << json.err;
    const auto j = parse_json(json.out);
    ASSERT_EQ(j["capsules"].size(), 4u);
    EXPECT_EQ(j["capsules"][0]["path"], crash_);
    EXPECT_EQ(j["capsules"][0]["cause"], "SIGSEGV");
    EXPECT_EQ(j["capsules"][0]["function"], "(anonymous namespace)::write_through");
    EXPECT_EQ(j["capsules"][3]["path"], assert_1_);
    EXPECT_EQ(j["capsules"][3]["fingerprint"], assert_fp_);
    EXPECT_EQ(j["capsules"][3]["count"], 2);
    EXPECT_EQ(j["skipped_lines"], 0);
    for (const auto& entry : j["capsules"]) EXPECT_TRUE(fs::exists(entry["path"].get<std::string>()));

    EXPECT_EQ(lines(run({"list", "--limit", "1"}).out), 2u);
    const Outcome colour = run({"list", "--color", "always"});
    EXPECT_NE(colour.out.find("\x1b[1m"), std::string::npos);
}

TEST_F(RepoCommands, RepositoryFromOptionEnvironmentOrWorkingDirectory) {
    const std::string expected = run({"list"}).out;
    EXPECT_EQ(capsule({"--repo", repo_, "list"}).out, expected);
    EXPECT_EQ(capsule({"list"}, {{"CAPSULE_DIR=" + repo_}}).out, expected);
    // The command's own --repo wins over CAPSULE_DIR.
    EXPECT_EQ(capsule({"list", "--repo", repo_}, {{"CAPSULE_DIR=/nonexistent"}}).out, expected);
    // Default: ./capsules.
    clitest::TempDir cwd;
    fs::create_directory_symlink(repo_, cwd / "capsules");
    clitest::RunSetup setup;
    setup.cwd = cwd.path();
    EXPECT_EQ(capsule({"list"}, setup).out, expected);
}

TEST_F(RepoCommands, LatestIsTheLastStored) {
    const Outcome path = run({"latest", "--path"});
    ASSERT_EQ(path.code, 0) << path.err;
    EXPECT_EQ(path.out, crash_ + "\n");
    const Outcome text = run({"latest"});
    ASSERT_EQ(text.code, 0) << text.err;
    position(text.out, "CRASH in Crash.null_write\n");
    position(text.out, "  signal      SIGSEGV (11)");
    const Outcome json = run({"latest", "--json"});
    ASSERT_EQ(json.code, 0);
    EXPECT_EQ(parse_json(json.out)["kind"], "crash");
    EXPECT_EQ(parse_json(run({"latest", "--path", "--json"}).out)["path"], crash_);
}

TEST_F(RepoCommands, SearchMatchesEveryIndexedField) {
    auto found = [&](const std::string& term) {
        const Outcome result = run({"search", term, "--json"});
        EXPECT_TRUE(result.code == 0 || result.code == 1) << result.err;
        const auto j = parse_json(result.out);
        std::vector<std::string> paths;
        for (const auto& entry : j["capsules"]) paths.push_back(entry["path"]);
        return paths;
    };
    EXPECT_EQ(found("inventory"), (std::vector<std::string>{assert_2_, assert_1_}));  // test name, any case
    EXPECT_EQ(found("sigsegv"), std::vector<std::string>{crash_});                   // signal
    EXPECT_EQ(found("runtime_error"), std::vector<std::string>{exception_});         // exception type
    EXPECT_EQ(found("parse_con"), std::vector<std::string>{exception_});             // function
    EXPECT_EQ(found("crash"), std::vector<std::string>{crash_});                     // kind and test
    EXPECT_EQ(found(assert_fp_.substr(0, 6)), (std::vector<std::string>{assert_2_, assert_1_}));
    const auto matched = parse_json(run({"search", "write_through", "--json"}).out)["capsules"][0]["matched"];
    EXPECT_EQ(matched, nlohmann::json::array({"function"}));

    const Outcome text = run({"search", "Config"});
    ASSERT_EQ(text.code, 0);
    EXPECT_EQ(lines(text.out), 2u) << text.out;
    position(text.out, "Config.parses  (anonymous namespace)::parse_config");

    const Outcome none = run({"search", "no-such-thing"});
    EXPECT_EQ(none.code, 1);
    EXPECT_EQ(none.out, "");
    position(none.err, "matches \"no-such-thing\"");
}

TEST_F(RepoCommands, StatsCountsFailures) {
    const Outcome text = run({"stats"});
    ASSERT_EQ(text.code, 0) << text.err;
    position(text.out, "capsules            4\n");
    position(text.out, "unique fingerprints 3\n");
    position(text.out, "by kind             assertion 2, crash 1, exception 1\n");
    position(text.out, "    2  " + assert_fp_.substr(0, 12) + "  assertion  Inventory.counts  (anonymous namespace)::check_inventory\n");
    const auto j = parse_json(run({"stats", "--json", "--top", "2"}).out);
    EXPECT_EQ(j["capsules"], 4);
    EXPECT_EQ(j["unique_fingerprints"], 3);
    EXPECT_EQ(j["by_kind"]["assertion"], 2);
    ASSERT_EQ(j["top_fingerprints"].size(), 2u);
    EXPECT_EQ(j["top_fingerprints"][0]["count"], 2);
    EXPECT_EQ(j["top_fingerprints"][0]["fingerprint"], assert_fp_);
    EXPECT_EQ(j["oldest"]["path"], assert_1_);
    EXPECT_EQ(j["newest"]["path"], crash_);
}

TEST_F(RepoCommands, ShowTakesAFingerprintPrefix) {
    // The newest capsule of that failure: seed 2, total = 7.
    const Outcome text = run({"show", assert_fp_.substr(0, 8)});
    ASSERT_EQ(text.code, 0) << text.err;
    position(text.out, "ASSERTION in Inventory.counts\n");
    const std::size_t total = position(text.out, "      total = 7  (int)\n");
    const std::size_t expected = position(text.out, "      expected = 5  (int)\n");
    const std::size_t seed = position(text.out, "      seed = 2  (int)\n");
    EXPECT_LT(total, expected);  // named by the assertion: first
    EXPECT_LT(expected, seed);
    const auto j = parse_json(run({"show", assert_fp_.substr(0, 8).c_str(), "--json"}).out);
    EXPECT_EQ(j["fingerprint"], assert_fp_);
    // Upper case works as well; a file path still wins.
    EXPECT_EQ(run({"show", "--json", assert_1_}).out, report_to_json(read_capsule(assert_1_), 2) + "\n");
    std::string upper = assert_fp_.substr(0, 10);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_EQ(run({"show", upper}).code, 0);
}

TEST_F(RepoCommands, StackIsATreeWithTheFailingLine) {
    const Outcome text = run({"stack", assert_1_});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_EQ(text.out.rfind("Thread ", 0), 0u) << text.out;
    position(text.out, "(failing)\n\u251c\u2500 #0  (anonymous namespace)::check_inventory at ");
    position(text.out, "repo_victim.cpp:");
    position(text.out, "store(capsule::capture_this_thread(failure, options()));\n");
    position(text.out, "\u2502     > ");
    position(text.out, "\u2514\u2500 #1  main at ");

    const Outcome crash = run({"stack", crash_});
    ASSERT_EQ(crash.code, 0) << crash.err;
    const std::size_t frame = position(crash.out, "#0  (anonymous namespace)::write_through at ");
    const std::size_t line = position(crash.out, "> ");
    position(crash.out, "*target = value;");
    EXPECT_LT(frame, line);

    const auto j = parse_json(run({"stack", assert_1_, "--json"}).out);
    EXPECT_EQ(j["path"], assert_1_);
    ASSERT_EQ(j["threads"].size(), 1u);
    const auto& frames = j["threads"][0]["frames"];
    ASSERT_GE(frames.size(), 2u);
    EXPECT_EQ(frames[0]["function"], "(anonymous namespace)::check_inventory");
    EXPECT_EQ(frames[0]["failing"], true);
    EXPECT_TRUE(frames[0]["inlined_into"].is_null());
    EXPECT_FALSE(frames[0]["snippet"].empty());
    EXPECT_TRUE(frames[1]["snippet"].empty());
    EXPECT_FALSE(frames[0].contains("vars"));
    EXPECT_FALSE(parse_json(run({"stack", assert_1_, "--json", "--snippets"}).out)["threads"][0]["frames"][1]["snippet"].empty());
}

TEST(StackTree, InlinedFramesHangBelowTheFrameTheyWereInlinedInto) {
    // Inlining needs an optimized build; the tree's shape is the point here,
    // so the frames are written out as an -O2 capture records them.
    auto frame = [](std::string function, std::string file, int line, bool inlined) {
        Frame f;
        f.function = std::move(function);
        f.file = std::move(file);
        f.line = line;
        f.inlined = inlined;
        f.category = "user";
        return f;
    };
    Report r;
    r.kind = "crash";
    Thread t;
    t.tid = 1;
    t.failing = true;
    t.frames = {frame("inner()", "/src/a.cpp", 10, true), frame("middle()", "/src/a.cpp", 20, true),
                frame("outer()", "/src/a.cpp", 30, false), frame("main", "/src/main.cpp", 5, false)};
    t.frames[0].snippet = {{9, "  int x = 1;"}, {10, "  *p = x;"}};
    r.threads = {t};
    clitest::TempDir dir;
    write_capsule(r, dir / "inlined.capsule");
    const Outcome text = capsule({"stack", dir / "inlined.capsule"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_EQ(text.out,
              "Thread 1 (failing)\n"
              "\u251c\u2500 #2  outer() at /src/a.cpp:30\n"
              "\u2502  \u2514\u2500 #1  middle() at /src/a.cpp:20 [inlined]\n"
              "\u2502     \u2514\u2500 #0  inner() at /src/a.cpp:10 [inlined]\n"
              "\u2502              9 |   int x = 1;\n"
              "\u2502           > 10 |   *p = x;\n"
              "\u2514\u2500 #3  main at /src/main.cpp:5\n");
    const auto j = parse_json(capsule({"stack", dir / "inlined.capsule", "--json"}).out);
    EXPECT_EQ(j["threads"][0]["frames"][0]["inlined_into"], 1);
    EXPECT_EQ(j["threads"][0]["frames"][1]["inlined_into"], 2);
    EXPECT_TRUE(j["threads"][0]["frames"][2]["inlined_into"].is_null());
}

TEST_F(RepoCommands, VarsPerFrameAndFiltered) {
    const Outcome text = run({"vars", assert_1_});
    ASSERT_EQ(text.code, 0) << text.err;
    const std::size_t header = position(text.out, "#0  (anonymous namespace)::check_inventory at ");
    const std::size_t total = position(text.out, "\n    total = 6  (int)\n    expected = 5  (int)\n");
    EXPECT_LT(header, total);
    position(text.out, "#1  main at ");
    position(text.out, "    argc = 4  (int)\n");

    const Outcome main_only = run({"vars", assert_1_, "--frame", "1"});
    ASSERT_EQ(main_only.code, 0);
    EXPECT_EQ(main_only.out.find("check_inventory"), std::string::npos) << main_only.out;
    position(main_only.out, "    mode = \"assert\"");

    const Outcome filtered = run({"vars", assert_1_, "--filter", "RETRIES"});
    ASSERT_EQ(filtered.code, 0) << filtered.err;
    position(filtered.out, "    (*config).retries = 3  (int)\n");
    // raw_config points at the same object, captured once: under config.
    EXPECT_EQ(filtered.out.find("raw_config"), std::string::npos);
    EXPECT_EQ(filtered.out.find("total"), std::string::npos);

    const auto j = parse_json(run({"vars", assert_1_, "--json", "--filter", "value"}).out);
    std::vector<std::string> paths;
    for (const auto& v : j["frames"][0]["vars"]) paths.push_back(v["path"]);
    EXPECT_NE(std::find(paths.begin(), paths.end(), "(*head).value"), paths.end());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "third.value"), paths.end());
    const auto whole = parse_json(run({"vars", assert_1_, "--json"}).out);
    EXPECT_EQ(whole["frames"][0]["vars"][0]["path"], "total");
    EXPECT_EQ(whole["frames"][0]["vars"][0]["value"], "6");
    EXPECT_EQ(whole["frames"][0]["vars"][0]["type"], "int");

    const Outcome none = run({"vars", assert_1_, "--filter", "no_such_name"});
    EXPECT_EQ(none.code, 1);
    position(none.err, "no variable matches");
    const Outcome bad_frame = run({"vars", assert_1_, "--frame", "40"});
    EXPECT_EQ(bad_frame.code, 2);
    position(bad_frame.err, "no frame 40");
}

TEST_F(RepoCommands, VarsByNameMergesTheRepository) {
    const Outcome text = run({"vars", "--by-name"});
    ASSERT_EQ(text.code, 0) << text.err;
    // The newest capsule's value is the example.
    position(text.out, "total = 7  (int)  in 2 capsules\n    (anonymous namespace)::check_inventory\n");
    position(text.out, "line_number = 7  (int)  in 1 capsule\n    (anonymous namespace)::parse_config\n");
    const auto j = parse_json(run({"vars", "--by-name", "--json", "--filter", "argc"}).out);
    EXPECT_EQ(j["capsules_read"], 4);
    ASSERT_EQ(j["variables"].size(), 1u);
    EXPECT_EQ(j["variables"][0]["name"], "argc");
    EXPECT_EQ(j["variables"][0]["functions"], nlohmann::json::array({"main"}));
    EXPECT_EQ(j["variables"][0]["capsules"], 4);
    EXPECT_EQ(j["variables"][0]["example"]["type"], "int");
    EXPECT_EQ(run({"vars", "--by-name", assert_1_}).code, 2);
}

TEST_F(RepoCommands, EnvAndFingerprint) {
    const Report report = read_capsule(exception_);
    const Outcome env = run({"env", exception_});
    ASSERT_EQ(env.code, 0) << env.err;
    position(env.out, "pid          " + std::to_string(report.pid) + "\n");
    position(env.out, "command      " + std::string(CAPSULE_REPO_VICTIM) + " " + repo_ + " exception\n");
    const auto je = parse_json(run({"env", exception_, "--json"}).out);
    EXPECT_EQ(je["pid"], report.pid);
    EXPECT_EQ(je["command_line"][2], "exception");
    EXPECT_EQ(je["host"], report.host);

    const Outcome fp = run({"fingerprint", exception_});
    ASSERT_EQ(fp.code, 0) << fp.err;
    position(fp.out, "fingerprint  " + report.fingerprint + "\n");
    position(fp.out, "short        " + report.fingerprint.substr(0, 12) + "\n");
    position(fp.out, "exception    std::runtime_error\n");
    position(fp.out, "frames hashed\n  1. ");
    const auto jf = parse_json(run({"fingerprint", exception_, "--json"}).out);
    EXPECT_EQ(jf["fingerprint"], report.fingerprint);
    EXPECT_EQ(jf["short"], report.fingerprint.substr(0, 12));
    EXPECT_EQ(jf["frames"], nlohmann::json(report.fingerprint_frames));
    ASSERT_FALSE(report.fingerprint_frames.empty());
}

TEST_F(RepoCommands, DiffOfTwoRunsOfOneFailure) {
    const Outcome text = run({"diff", assert_1_, assert_2_});
    EXPECT_EQ(text.code, 1) << text.err;
    position(text.out, "same fingerprint " + assert_fp_.substr(0, 12) + "\n");
    position(text.out, "same frames (");
    const std::size_t table = position(text.out, "  VARIABLE");
    EXPECT_NE(text.out.find("  total ", table), std::string::npos) << text.out;
    position(text.out, "  seed ");

    const auto j = parse_json(run({"diff", assert_1_, assert_2_, "--json"}).out);
    EXPECT_EQ(j["same_fingerprint"], true);
    EXPECT_EQ(j["different"], true);
    EXPECT_TRUE(j["frames_removed"].empty());
    std::map<std::string, std::pair<std::string, std::string>> changes;
    for (const auto& c : j["frames"][0]["changes"]) changes[c["path"]] = {c["a"], c["b"]};
    EXPECT_EQ(changes["total"], std::make_pair(std::string("6"), std::string("7")));
    EXPECT_EQ(changes["(*head).value"], std::make_pair(std::string("11"), std::string("12")));
    // Where the objects were in memory is no difference.
    EXPECT_EQ(changes.count("head"), 0u);
    EXPECT_EQ(changes.count("tail"), 0u);
    EXPECT_EQ(j["frames"][0]["function"], "(anonymous namespace)::check_inventory");

    const Outcome same = run({"diff", assert_1_, assert_1_});
    EXPECT_EQ(same.code, 0) << same.out;
    position(same.out, "no values differ");

    const auto other = parse_json(run({"diff", assert_2_, exception_, "--json"}).out);
    EXPECT_EQ(other["same_fingerprint"], false);
    EXPECT_EQ(other["frames_removed"][0]["function"], "(anonymous namespace)::check_inventory");
    EXPECT_EQ(other["frames_added"][0]["function"], "(anonymous namespace)::parse_config");
    EXPECT_EQ(run({"diff", assert_2_, exception_}).code, 1);
}

TEST_F(RepoCommands, HelpNamesEveryCommand) {
    const Outcome help = capsule({"--help"});
    EXPECT_EQ(help.code, 0);
    for (const char* command :
         {"show", "list", "latest", "search", "stats", "clean", "stack", "vars", "env", "fingerprint", "diff", "explore"})
        EXPECT_NE(help.out.find(std::string("  ") + command), std::string::npos) << command;
}

}  // namespace
}  // namespace capsule

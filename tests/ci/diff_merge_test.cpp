// capsule ci diff (bundles, repositories, merged bundles, unknown base) and
// capsule ci merge of matrix legs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ci_support.hpp"
#include "junit_fixtures.hpp"

namespace capsule::citest {
namespace {

FakeFailure failure(const std::string& test, const std::string& function, const std::string& kind = "crash") {
    FakeFailure f;
    f.kind = kind;
    f.signal = kind == "crash" ? "SIGSEGV" : "";
    f.suite = "S";
    f.name = test;
    f.ctest_name = "S." + test;
    f.function = function;
    f.file = "/ws/src/" + function + ".cpp";
    return f;
}

std::string fp(const std::string& function, const std::string& kind = "crash") {
    return fake_report(failure("x", function, kind)).fingerprint;
}

// A bundle of `failures` in dir/NAME.
std::string bundle(const TempDir& dir, const std::string& name, const std::vector<FakeFailure>& failures,
                   const std::string& leg = "") {
    const std::string repo = dir / (name + "-repo");
    for (const FakeFailure& f : failures) store(f, repo);
    spit(dir / (name + ".xml"), ctest_junit);
    std::vector<std::string> env;
    if (!leg.empty()) env.push_back("CAPSULE_LEG=" + leg);
    const Outcome o =
        capsule_cli({"ci", "bundle", "--junit", dir / (name + ".xml"), "--repo", repo, "--out", dir / name}, env);
    EXPECT_EQ(o.code, 0) << o.err;
    return dir / name;
}

std::vector<std::string> fingerprints(const nlohmann::json& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e["fingerprint"]);
    return out;
}

TEST(CiDiff, NewFixedPersisting) {
    TempDir dir;
    // base: A crashes in parse, B twice in load. head: B once (persisting), C new in save; A fixed.
    const std::string base = bundle(dir, "base", {failure("A", "parse"), failure("B", "load"), failure("B", "load")});
    const std::string head = bundle(dir, "head", {failure("B", "load"), failure("C", "save")});
    const Outcome o = capsule_cli({"ci", "diff", "--base", base, "--head", head, "--format", "json",
                                   "--markdown-out", dir / "diff.md"});
    EXPECT_EQ(o.code, 1) << o.err;  // a new fingerprint
    const nlohmann::json j = nlohmann::json::parse(o.out);
    EXPECT_EQ(j["base"], "known");
    EXPECT_EQ(fingerprints(j["new"]), std::vector<std::string>{fp("save")});
    EXPECT_EQ(fingerprints(j["fixed"]), std::vector<std::string>{fp("parse")});
    ASSERT_EQ(fingerprints(j["persisting"]), std::vector<std::string>{fp("load")});
    EXPECT_EQ(j["persisting"][0]["base"], 2);
    EXPECT_EQ(j["persisting"][0]["head"], 1);
    EXPECT_EQ(j["new"][0]["tests"], nlohmann::json::array({"S.C"}));
    EXPECT_EQ(j["new"][0]["top_frame"], "save at /ws/src/save.cpp:10");
    const std::string md = slurp(dir / "diff.md");
    EXPECT_NE(md.find("1 new, 1 fixed, 1 persisting"), std::string::npos) << md;
    EXPECT_NE(md.find("### New (regressions) (1)"), std::string::npos) << md;
    EXPECT_NE(md.find("`" + fp("save").substr(0, 12) + "`"), std::string::npos) << md;

    // Configurable: never fail.
    EXPECT_EQ(capsule_cli({"ci", "diff", "--base", base, "--head", head, "--fail-on", "never"}).code, 0);
    // Nothing new: success.
    EXPECT_EQ(capsule_cli({"ci", "diff", "--base", base, "--head", base}).code, 0);
}

TEST(CiDiff, UnknownBaseIsNeverAllNew) {
    TempDir dir;
    const std::string head = bundle(dir, "head", {failure("C", "save")});
    spit(dir / "corrupt/bundle.json", "{ not json");
    spit(dir / "empty/readme", "");
    for (const std::string& base : {dir / "missing", dir / "corrupt", dir / "empty"}) {
        const Outcome o = capsule_cli({"ci", "diff", "--base", base, "--head", head, "--format", "json"});
        EXPECT_EQ(o.code, 0) << base << o.err;
        const nlohmann::json j = nlohmann::json::parse(o.out);
        EXPECT_EQ(j["base"], "unknown");
        EXPECT_TRUE(j["new"].empty());
        EXPECT_EQ(fingerprints(j["uncompared"]), std::vector<std::string>{fp("save")});
        EXPECT_NE(o.err.find("base unknown"), std::string::npos);
    }
    const Outcome md = capsule_cli({"ci", "diff", "--base", dir / "missing", "--head", head});
    EXPECT_NE(md.out.find("**Base unknown**"), std::string::npos) << md.out;
    // The head must exist.
    const Outcome bad = capsule_cli({"ci", "diff", "--base", head, "--head", dir / "missing"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

TEST(CiDiff, TwoRepositories) {
    TempDir dir;
    for (const FakeFailure& f : {failure("A", "parse"), failure("B", "load")}) store(f, dir / "base");
    for (const FakeFailure& f : {failure("B", "load"), failure("D", "draw", "assertion")}) store(f, dir / "head");
    const Outcome o = capsule_cli({"ci", "diff", "--base", dir / "base", "--head", dir / "head", "--format", "json"});
    EXPECT_EQ(o.code, 1) << o.err;
    const nlohmann::json j = nlohmann::json::parse(o.out);
    EXPECT_EQ(fingerprints(j["new"]), std::vector<std::string>{fp("draw", "assertion")});
    EXPECT_EQ(fingerprints(j["fixed"]), std::vector<std::string>{fp("parse")});
    EXPECT_EQ(fingerprints(j["persisting"]), std::vector<std::string>{fp("load")});
}

TEST(CiMerge, LegsCombinedAndDiffable) {
    TempDir dir;
    const std::string a = bundle(dir, "leg-a", {failure("A", "parse"), failure("B", "load")}, "gcc-release");
    const std::string b = bundle(dir, "leg-b", {failure("B", "load")}, "clang-debug");
    const Outcome o = capsule_cli({"ci", "merge", a, b, "--out", dir / "merged"});
    ASSERT_EQ(o.code, 0) << o.err;
    const nlohmann::json m = nlohmann::json::parse(slurp(dir / "merged/bundle.json"));
    EXPECT_EQ(m["legs"], nlohmann::json::array({"gcc-release", "clang-debug"}));
    ASSERT_EQ(m["capsules"].size(), 3u);
    for (const auto& c : m["capsules"]) {
        EXPECT_TRUE(exists(dir / "merged/" + c["path"].get<std::string>())) << c;
        EXPECT_TRUE(exists(dir / "merged/" + c["html"].get<std::string>())) << c;
    }
    EXPECT_EQ(m["capsules"][2]["leg"], "clang-debug");
    EXPECT_EQ(m["capsules"][2]["path"].get<std::string>().rfind("clang-debug/capsules/", 0), 0u);
    // One annotated JUnit per leg.
    EXPECT_EQ(m["junit"], nlohmann::json::array({"gcc-release/junit/leg-a.xml", "clang-debug/junit/leg-b.xml"}));
    EXPECT_TRUE(exists(dir / "merged/gcc-release/junit/leg-a.xml"));
    const std::string summary = slurp(dir / "merged/summary.md");
    EXPECT_NE(summary.find("Legs: gcc-release, clang-debug"), std::string::npos) << summary;
    EXPECT_NE(summary.find("| 2 | S.B"), std::string::npos) << summary;  // one fingerprint row over both legs
    EXPECT_NE(slurp(dir / "merged/index.html").find("<svg"), std::string::npos);

    // A merged bundle diffs like any other.
    const std::string head = bundle(dir, "head", {failure("B", "load")});
    const Outcome d = capsule_cli({"ci", "diff", "--base", dir / "merged", "--head", head, "--format", "json"});
    EXPECT_EQ(d.code, 0) << d.err;
    const nlohmann::json j = nlohmann::json::parse(d.out);
    EXPECT_EQ(fingerprints(j["fixed"]), std::vector<std::string>{fp("parse")});
    EXPECT_EQ(j["persisting"][0]["base"], 2);

    // A leg that is not a bundle fails the merge rather than vanishing from it.
    const Outcome bad = capsule_cli({"ci", "merge", a, dir / "nothing", "--out", dir / "merged2"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("not a capsule CI bundle"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace capsule::citest

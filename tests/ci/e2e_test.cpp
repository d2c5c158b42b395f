// The whole loop, as a project using capsule runs it: this build installed
// into a scratch prefix, samples/github_workflow configured against it with
// find_package(capsule CONFIG) and built, its tests run twice under
// `ctest -j2 --output-junit` (as the base branch, then as a pull request that
// fixed one crash, added another and hangs a test), each run bundled, and the
// two bundles diffed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tinyxml2.h>

#include <filesystem>
#include <set>

#include "ci/junit.hpp"
#include "ci_support.hpp"

namespace capsule::citest {
namespace {

namespace fs = std::filesystem;
using capsule::cli::ci::CaseStatus;
using capsule::cli::ci::JunitDocument;

const std::string sample_dir = std::string(CAPSULE_SOURCE_DIR) + "/samples/github_workflow";

void must(const Outcome& o, const std::string& what) {
    ASSERT_EQ(o.code, 0) << what << "\n" << o.out.substr(o.out.size() > 6000 ? o.out.size() - 6000 : 0) << "\n" << o.err;
}

struct SuiteRun {
    std::string junit;
    std::string capsules;
    std::string artifacts;
    Outcome ctest;
    Outcome bundle;
};

// One ctest run of the built sample, its capsules moved aside, then bundled.
SuiteRun run_suite(const TempDir& t, const std::string& name, const std::vector<std::string>& env) {
    SuiteRun r;
    r.junit = t / (name + "-junit.xml");
    r.capsules = t / (name + "-capsules");
    r.artifacts = t / (name + "-artifacts");
    r.ctest = run({CTEST_COMMAND, "--test-dir", t / "build", "-j2", "--output-junit", r.junit}, env);
    std::error_code ec;
    fs::rename(t / "build/capsules", r.capsules, ec);
    std::vector<std::string> bundle_env = env;
    bundle_env.push_back("GITHUB_ACTIONS=true");
    bundle_env.push_back("GITHUB_STEP_SUMMARY=" + (t / (name + "-step-summary.md")));
    r.bundle = capsule_cli({"ci", "bundle", "--junit", r.junit, "--repo", r.capsules, "--out", r.artifacts,
                            "--workspace", sample_dir},
                           bundle_env);
    return r;
}

std::map<std::string, nlohmann::json> by_testcase(const std::string& artifacts) {
    std::map<std::string, nlohmann::json> out;
    const nlohmann::json bundle = nlohmann::json::parse(slurp(artifacts + "/bundle.json"));
    for (const auto& c : bundle["capsules"]) out[c["testcase"].get<std::string>()] = c;
    return out;
}

TEST(CiEndToEnd, SampleProjectBaseAndPullRequest) {
    TempDir t;
    // capsule as a user gets it: installed (this build's files are copied, nothing is rebuilt).
    must(run({CMAKE_COMMAND, "--install", CAPSULE_BINARY_DIR, "--prefix", t / "prefix"}), "install");
    ASSERT_TRUE(exists(t / "prefix/lib/cmake/capsule/capsule-config.cmake"));
    must(run({CMAKE_COMMAND, "-S", sample_dir, "-B", t / "build", "-G", CMAKE_GENERATOR_NAME,
              "-DCMAKE_BUILD_TYPE=Debug", "-DCMAKE_PREFIX_PATH=" + (t / "prefix")}),
         "configure");
    must(run({CMAKE_COMMAND, "--build", t / "build", "-j2"}), "build");

    // Every discovered test carries the capsule environment and its attachment.
    const Outcome listing = run({CTEST_COMMAND, "--test-dir", t / "build", "--show-only=json-v1"});
    must(listing, "ctest --show-only");
    const nlohmann::json tests = nlohmann::json::parse(listing.out)["tests"];
    ASSERT_EQ(tests.size(), 6u);
    for (const auto& test : tests) {
        std::map<std::string, nlohmann::json> props;
        for (const auto& p : test["properties"]) props[p["name"]] = p["value"];
        EXPECT_EQ(props["TIMEOUT"], 15.0) << test["name"];
        const std::string mods = props["ENVIRONMENT_MODIFICATION"].dump();
        EXPECT_NE(mods.find("CAPSULE_TIMEOUT=set:10"), std::string::npos) << mods;  // 15 s less a 5 s margin
        EXPECT_NE(mods.find("CTEST_TEST_NAME=set:" + test["name"].get<std::string>()), std::string::npos) << mods;
        EXPECT_NE(props["ATTACHED_FILES_ON_FAIL"].dump().find("/latest"), std::string::npos) << test["name"];
    }

    const SuiteRun base = run_suite(t, "base", {"SAMPLE_REVISION=base"});
    EXPECT_NE(base.ctest.code, 0);  // tests failed
    must(base.bundle, "bundle base");
    const SuiteRun head = run_suite(t, "head", {"SAMPLE_REVISION=head", "SAMPLE_HANG=1"});
    must(head.bundle, "bundle head");

    // Base: the assertion in Ledger.Balance and the crash in Ledger.ParseEntry.
    const auto base_capsules = by_testcase(base.artifacts);
    ASSERT_TRUE(base_capsules.count("Ledger.Balance")) << slurp(base.artifacts + "/bundle.json");
    ASSERT_TRUE(base_capsules.count("Ledger.ParseEntry")) << slurp(base.artifacts + "/bundle.json");
    const nlohmann::json& balance = base_capsules.at("Ledger.Balance");
    EXPECT_EQ(balance["kind"], "assertion");
    EXPECT_EQ(balance["file"], "ledger_test.cpp");  // workspace-relative: the user's failing line
    EXPECT_EQ(balance["ctest_name"], "Ledger.Balance");
    const nlohmann::json& parse = base_capsules.at("Ledger.ParseEntry");
    EXPECT_EQ(parse["kind"], "crash");
    EXPECT_EQ(parse["function"].get<std::string>().rfind("ledger::parse_entry", 0), 0u) << parse;
    EXPECT_EQ(parse["file"], "ledger.cpp");

    // The annotated JUnit, parsed back: the crash's testcase carries the capsule.
    const JunitDocument junit = JunitDocument::load(base.artifacts + "/junit/base-junit.xml");
    bool found = false;
    for (const auto& c : junit.cases())
        if (c.name == "Ledger.ParseEntry") {
            found = true;
            EXPECT_EQ(c.status, CaseStatus::failed);
            EXPECT_EQ(c.file, "ledger.cpp");
            EXPECT_GT(c.line, 0);
        }
    EXPECT_TRUE(found);
    const std::string xml = slurp(base.artifacts + "/junit/base-junit.xml");
    EXPECT_NE(xml.find("[[ATTACHMENT|/"), std::string::npos);  // artifacts lie outside the workspace: absolute
    EXPECT_NE(xml.find("name=\"capsule.fingerprint\""), std::string::npos);
    // Each failing test's repository has the `latest` that ATTACHED_FILES_ON_FAIL names.
    int attachable = 0;
    for (const auto& entry : fs::directory_iterator(base.capsules))
        if (fs::is_regular_file(entry.path() / "latest")) ++attachable;  // follows the link to the capsule
    EXPECT_EQ(attachable, 2);

    // Artifacts: a page per capsule, the index with its charts, the summary.
    EXPECT_TRUE(exists(base.artifacts + "/" + parse["html"].get<std::string>()));
    EXPECT_NE(slurp(base.artifacts + "/index.html").find("<svg"), std::string::npos);
    const std::string summary = slurp(base.artifacts + "/summary.md");
    EXPECT_NE(summary.find("| crash | 1 |"), std::string::npos) << summary;
    EXPECT_NE(summary.find("| assertion |"), std::string::npos) << summary;
    EXPECT_EQ(slurp(t / "base-step-summary.md"), summary);
    // Annotations at the user's lines, relative to the workspace.
    EXPECT_NE(base.bundle.out.find("::error file=ledger.cpp,line="), std::string::npos) << base.bundle.out;
    EXPECT_NE(base.bundle.out.find("::error file=ledger_test.cpp,line="), std::string::npos) << base.bundle.out;

    // Head: the Catch2 test crashes now, the hung test left a timeout capsule
    // before ctest's TIMEOUT, and ParseEntry no longer crashes.
    const auto head_capsules = by_testcase(head.artifacts);
    ASSERT_TRUE(head_capsules.count("checkout applies no discount")) << slurp(head.artifacts + "/bundle.json");
    EXPECT_EQ(head_capsules.at("checkout applies no discount")["kind"], "crash");
    EXPECT_EQ(head_capsules.at("checkout applies no discount")["file"], "ledger.cpp");
    ASSERT_TRUE(head_capsules.count("Ledger.WaitForSettlement")) << slurp(head.artifacts + "/bundle.json");
    EXPECT_EQ(head_capsules.at("Ledger.WaitForSettlement")["kind"], "timeout");
    EXPECT_FALSE(head_capsules.count("Ledger.ParseEntry"));
    EXPECT_EQ(head.ctest.out.find("***Timeout"), std::string::npos) << head.ctest.out;  // the watchdog ended it first

    // The pull request's diff: one crash added (plus the hang), one fixed, the assertion persisting.
    const Outcome diff = capsule_cli({"ci", "diff", "--base", base.artifacts, "--head", head.artifacts, "--format", "json"});
    EXPECT_EQ(diff.code, 1) << diff.err;
    const nlohmann::json d = nlohmann::json::parse(diff.out);
    std::set<std::string> added, fixed, persisting;
    for (const auto& e : d["new"]) added.insert(e["tests"][0].get<std::string>());
    for (const auto& e : d["fixed"]) fixed.insert(e["tests"][0].get<std::string>());
    for (const auto& e : d["persisting"]) persisting.insert(e["tests"][0].get<std::string>());
    EXPECT_EQ(added, (std::set<std::string>{"checkout applies no discount", "Ledger.WaitForSettlement"}));
    EXPECT_EQ(fixed, (std::set<std::string>{"Ledger.ParseEntry"}));
    EXPECT_EQ(persisting, (std::set<std::string>{"Ledger.Balance"}));
}

}  // namespace
}  // namespace capsule::citest

// capsule ci bundle, run as a CI step runs it, on repositories of capsules
// stored with store_capsule and JUnit reports in the writers' shapes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tinyxml2.h>

#include <filesystem>

#include "ci_support.hpp"
#include "junit_fixtures.hpp"

namespace capsule::citest {
namespace {

struct Fixture {
    TempDir dir;
    std::string ws = dir.path();  // the workspace: sources live below it
    std::string repo = dir / "capsules";
    std::string out = dir / "artifacts";
    std::string junit = dir / "junit.xml";
};

FakeFailure withdraw(const Fixture& f) {
    FakeFailure w;
    w.suite = "Bank";
    w.name = "Withdraw";
    w.function = "bank::withdraw";
    w.file = f.ws + "/src/bank.cpp";
    w.line = 42;
    w.ctest_name = "Bank.Withdraw";
    return w;
}

FakeFailure parser_crash(const Fixture& f) {
    FakeFailure c;
    c.kind = "crash";
    c.signal = "SIGSEGV";
    c.suite = "Parser";
    c.name = "Crash";
    c.function = "parser::parse";
    c.file = f.ws + "/src/parser.cpp";
    c.line = 7;
    c.message = "SIGSEGV (address 0x0)";
    c.ctest_name = "Parser.Crash";
    return c;
}

const tinyxml2::XMLElement* find_case(const tinyxml2::XMLDocument& doc, const std::string& name) {
    std::vector<const tinyxml2::XMLElement*> stack{doc.RootElement()};
    while (!stack.empty()) {
        const tinyxml2::XMLElement* e = stack.back();
        stack.pop_back();
        if (std::string(e->Name()) == "testcase" && e->Attribute("name") && name == e->Attribute("name")) return e;
        for (const tinyxml2::XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) stack.push_back(c);
    }
    return nullptr;
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        if (line.rfind(prefix, 0) == 0) out.push_back(line);
        start = end + 1;
    }
    return out;
}

TEST(CiBundle, CtestJunitAnnotatedAndArtifactsWritten) {
    Fixture f;
    spit(f.junit, ctest_junit);
    store(withdraw(f), f.repo);
    store(withdraw(f), f.repo);  // the same failure twice: one fingerprint group of 2
    store(parser_crash(f), f.repo);
    const Outcome o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out,
                                   "--workspace", f.ws});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;  // annotations only on GitHub

    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.LoadFile((f.out + "/junit/junit.xml").c_str()), tinyxml2::XML_SUCCESS);
    const tinyxml2::XMLElement* w = find_case(doc, "Bank.Withdraw");
    ASSERT_NE(w, nullptr);
    EXPECT_STREQ(w->Attribute("file"), "src/bank.cpp");  // workspace-relative
    EXPECT_EQ(w->IntAttribute("line"), 42);
    const std::string out = w->FirstChildElement("system-out")->GetText();
    EXPECT_EQ(out.rfind("bank_test.cpp:12: Failure\n", 0), 0u) << out;  // ctest's output kept, first
    EXPECT_NE(out.find("kind: assertion"), std::string::npos) << out;
    EXPECT_NE(out.find("at bank::withdraw (src/bank.cpp:42)"), std::string::npos) << out;
    EXPECT_NE(out.find("  balance = -5"), std::string::npos) << out;
    EXPECT_NE(out.find("[[ATTACHMENT|artifacts/capsules/assertion/"), std::string::npos) << out;
    int properties = 0;
    for (const tinyxml2::XMLElement* p = w->FirstChildElement("properties")->FirstChildElement(); p;
         p = p->NextSiblingElement())
        if (std::string(p->Attribute("name")) == "capsule.kind") ++properties;
    EXPECT_EQ(properties, 2);  // both capsules of the test
    const tinyxml2::XMLElement* crash = find_case(doc, "Parser.Crash");
    EXPECT_STREQ(crash->Attribute("file"), "src/parser.cpp");
    // Untouched testcases stay as they were.
    const tinyxml2::XMLElement* ok = find_case(doc, "Bank.Ok");
    EXPECT_EQ(ok->Attribute("file"), nullptr);
    EXPECT_EQ(ok->FirstChildElement("properties"), nullptr);
    EXPECT_STREQ(ok->Attribute("status"), "run");

    // Artifacts: every capsule copied with its page, the index with its charts, the summary.
    const nlohmann::json bundle = nlohmann::json::parse(slurp(f.out + "/bundle.json"));
    ASSERT_EQ(bundle["capsules"].size(), 3u);
    for (const auto& c : bundle["capsules"]) {
        EXPECT_TRUE(exists(f.out + "/" + c["path"].get<std::string>())) << c;
        const std::string html = slurp(f.out + "/" + c["html"].get<std::string>());
        EXPECT_NE(html.find("<html"), std::string::npos);
        EXPECT_FALSE(c["testcase"].get<std::string>().empty()) << c;
    }
    const std::string index = slurp(f.out + "/index.html");
    EXPECT_NE(index.find("<svg"), std::string::npos);
    EXPECT_NE(index.find("3 capsules, 2 distinct failures"), std::string::npos);
    const std::string summary = slurp(f.out + "/summary.md");
    EXPECT_NE(summary.find("| assertion | 2 |"), std::string::npos) << summary;
    EXPECT_NE(summary.find("| crash | 1 |"), std::string::npos) << summary;
    EXPECT_NE(summary.find("2 failing testcases of 4"), std::string::npos) << summary;
}

TEST(CiBundle, CrashedTestWithoutTestcaseIsRebuilt) {
    Fixture f;
    spit(f.junit, gtest_junit);  // GoogleTest's XML has no Parser.Crash
    FakeFailure w = withdraw(f);
    w.ctest_name = "";
    store(w, f.repo);
    FakeFailure c = parser_crash(f);
    c.ctest_name = "";
    store(c, f.repo);
    const Outcome o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out,
                                   "--workspace", f.ws});
    ASSERT_EQ(o.code, 0) << o.err;
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.LoadFile((f.out + "/junit/junit.xml").c_str()), tinyxml2::XML_SUCCESS);
    const tinyxml2::XMLElement* rebuilt = find_case(doc, "Crash");
    ASSERT_NE(rebuilt, nullptr);
    EXPECT_STREQ(rebuilt->Attribute("classname"), "Parser");
    EXPECT_STREQ(rebuilt->Attribute("file"), "src/parser.cpp");
    EXPECT_EQ(rebuilt->IntAttribute("line"), 7);
    const tinyxml2::XMLElement* error = rebuilt->FirstChildElement("error");
    ASSERT_NE(error, nullptr);
    EXPECT_STREQ(error->Attribute("type"), "crash");
    EXPECT_NE(std::string(error->Attribute("message")).find("SIGSEGV"), std::string::npos);
    EXPECT_EQ(doc.RootElement()->IntAttribute("tests"), 3);
    EXPECT_EQ(doc.RootElement()->IntAttribute("errors"), 1);
    // The GoogleTest testcase matched by suite.name, file/line now the capsule's.
    const tinyxml2::XMLElement* w_case = find_case(doc, "Withdraw");
    EXPECT_STREQ(w_case->Attribute("file"), "src/bank.cpp");
    const nlohmann::json bundle = nlohmann::json::parse(slurp(f.out + "/bundle.json"));
    int rebuilt_count = 0;
    for (const auto& r : bundle["capsules"]) rebuilt_count += r["rebuilt"].get<bool>() ? 1 : 0;
    EXPECT_EQ(rebuilt_count, 1);
}

TEST(CiBundle, GithubAnnotationsAndStepSummary) {
    Fixture f;
    spit(f.junit, ctest_junit);
    for (int i = 0; i < 12; ++i) {
        FakeFailure w = withdraw(f);
        w.name = "Withdraw" + std::to_string(i);
        w.ctest_name = "Bank.Withdraw" + std::to_string(i);
        w.message = "value: 1, 100%";
        store(w, f.repo);
    }
    store(parser_crash(f), f.repo);
    const std::string step_summary = f.dir / "step_summary.md";
    spit(step_summary, "## earlier step\n");
    const Outcome o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out},
                                  {"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE=" + f.ws, "GITHUB_STEP_SUMMARY=" + step_summary});
    ASSERT_EQ(o.code, 0) << o.err;
    const auto errors = lines_starting(o.out, "::error ");
    ASSERT_EQ(errors.size(), 10u) << o.out;
    EXPECT_EQ(errors[0].rfind("::error file=src/bank.cpp,line=42,title=assertion in Bank.Withdraw", 0), 0u) << errors[0];
    EXPECT_NE(errors[0].find("value: 1, 100%25"), std::string::npos) << errors[0];
    EXPECT_NE(errors[9].find("and 3 more capsules not annotated"), std::string::npos) << errors[9];
    const std::string summary = slurp(step_summary);
    EXPECT_EQ(summary.rfind("## earlier step\n## capsule: 13 capsules, 2 distinct failures", 0), 0u) << summary;
}

TEST(CiBundle, ExitCodes) {
    Fixture f;
    spit(f.junit, ctest_junit);
    // No capsules: success either way.
    Outcome o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out, "--fail-on-capsules"});
    EXPECT_EQ(o.code, 0) << o.err;
    store(withdraw(f), f.repo);
    o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out});
    EXPECT_EQ(o.code, 0) << o.err;
    o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out, "--fail-on-capsules"});
    EXPECT_EQ(o.code, 1) << o.err;

    const std::string bad_out = f.dir / "bad-artifacts";
    for (const std::string& text : {std::string("<testsuites><testcase"), std::string("{\"json\": true}"), std::string()}) {
        spit(f.junit, text);
        o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", bad_out});
        EXPECT_EQ(o.code, 2) << text;
        EXPECT_EQ(o.err.rfind("capsule: " + f.junit + ": not a JUnit report", 0), 0u) << o.err;
        EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
        EXPECT_FALSE(exists(bad_out)) << "nothing is written for bad input";
    }
    o = capsule_cli({"ci", "bundle", "--junit", f.dir / "missing.xml", "--repo", f.repo, "--out", bad_out});
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("missing.xml: cannot read JUnit report"), std::string::npos) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    o = capsule_cli({"ci", "bundle", "--repo", f.repo, "--out", bad_out});
    EXPECT_EQ(o.code, 2) << o.err;
}

TEST(CiBundle, DirectoryOfPerTestRepositories) {
    // capsule_discover_tests gives each test a repository of its own.
    Fixture f;
    spit(f.junit, ctest_junit);
    store(withdraw(f), f.repo + "/Bank_Withdraw-1234abcd");
    store(parser_crash(f), f.repo + "/Parser_Crash-99999999");
    const Outcome o = capsule_cli({"ci", "bundle", "--junit", f.junit, "--repo", f.repo, "--out", f.out,
                                   "--workspace", f.ws});
    ASSERT_EQ(o.code, 0) << o.err;
    const nlohmann::json bundle = nlohmann::json::parse(slurp(f.out + "/bundle.json"));
    ASSERT_EQ(bundle["capsules"].size(), 2u);
    EXPECT_EQ(bundle["capsules"][0]["path"].get<std::string>().rfind("capsules/Bank_Withdraw-1234abcd/", 0), 0u);
    EXPECT_EQ(bundle["capsules"][0]["testcase"], "Bank.Withdraw");
    EXPECT_EQ(bundle["capsules"][1]["testcase"], "Parser.Crash");
}

}  // namespace
}  // namespace capsule::citest

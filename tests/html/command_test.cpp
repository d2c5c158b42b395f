// `capsule html`, run as a separate process as a user would run it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "capsule/file.hpp"
#include "process.hpp"
#include "sample_reports.hpp"

namespace capsule::html_test {
namespace {

namespace fs = std::filesystem;

ProcessResult capsule_cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{CAPSULE_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {}, std::chrono::seconds(120));
}

class HtmlCommand : public ::testing::Test {
protected:
    void SetUp() override { write_capsule(hostile_report(), capsule_); }

    // Nothing but what the test expects: no temporary files left behind.
    std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_.path())) names.push_back(entry.path().filename());
        std::sort(names.begin(), names.end());
        return names;
    }

    TempDir dir_;
    const std::string capsule_ = dir_ / "shop.capsule";
};

void expect_report_page(const std::string& page) {
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(page.find("<h1>Shop.Total</h1>"), std::string::npos);
    EXPECT_EQ(page.find(injection), std::string::npos);
    EXPECT_NE(page.find("</html>\n"), std::string::npos);
}

TEST_F(HtmlCommand, WritesNextToTheCapsuleByDefault) {
    const ProcessResult run = capsule_cli({"html", capsule_});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(run.out, dir_ / "shop.html" + "\n");
    expect_report_page(read_file(dir_ / "shop.html"));
    EXPECT_EQ(files(), (std::vector<std::string>{"shop.capsule", "shop.html"}));
}

TEST_F(HtmlCommand, WritesWhereToldOrToStandardOutput) {
    ProcessResult run = capsule_cli({"html", capsule_, "-o", dir_ / "page.html"});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    expect_report_page(read_file(dir_ / "page.html"));

    run = capsule_cli({"html", capsule_, "--output", "-"});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    expect_report_page(run.out);
    EXPECT_EQ(files(), (std::vector<std::string>{"page.html", "shop.capsule"}));
}

TEST_F(HtmlCommand, IsListedInHelp) {
    const ProcessResult run = capsule_cli({"--help"});
    EXPECT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_NE(run.out.find("\n  html "), std::string::npos) << run.out;
}

TEST_F(HtmlCommand, BadInputIsExitCodeTwo) {
    ProcessResult run = capsule_cli({"html", dir_ / "missing.capsule"});
    EXPECT_EQ(run.exit_code, 2) << run.describe();
    EXPECT_EQ(run.err.rfind("capsule: ", 0), 0u) << run.err;

    write_file(dir_ / "notes.txt", "not a capsule");
    run = capsule_cli({"html", dir_ / "notes.txt"});
    EXPECT_EQ(run.exit_code, 2) << run.describe();
    EXPECT_FALSE(fs::exists(dir_ / "notes.txt.html"));

    run = capsule_cli({"html"});
    EXPECT_EQ(run.exit_code, 2) << run.describe();
}

TEST_F(HtmlCommand, UnwritableOutputFailsAndLeavesNothing) {
    const ProcessResult run = capsule_cli({"html", capsule_, "-o", dir_ / "no/such/dir/page.html"});
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_NE(run.err.find("cannot write"), std::string::npos) << run.err;
    EXPECT_EQ(files(), (std::vector<std::string>{"shop.capsule"}));
}

}  // namespace
}  // namespace capsule::html_test

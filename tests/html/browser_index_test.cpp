// The index page of a CI bundle in chromium: capsules from three runs of the
// victim (two the same failure, one another) and a hand-built hostile one.
// Pages and screenshots stay in tests/html/artifacts/index.
#include <gtest/gtest.h>

#include <filesystem>

#include "capsule/file.hpp"
#include "harness_run.hpp"
#include "html/escape.hpp"
#include "html/html.hpp"
#include "process.hpp"
#include "sample_reports.hpp"

namespace capsule::html_test {
namespace {

namespace fs = std::filesystem;

class BrowserIndex : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::string(CAPSULE_HTML_ARTIFACT_DIR) + "/index";
        fs::create_directories(dir_ + "/reports");
        const std::vector<std::pair<std::string, std::string>> runs = {
            {"total-1", "total"}, {"total-2", "total"}, {"stock", "stock"}};
        TempDir scratch;
        for (const auto& [name, mode] : runs) {
            const std::string capsule = scratch / (name + ".capsule");
            const ProcessResult run = run_process({CAPSULE_HTML_VICTIM, capsule, mode}, {}, std::chrono::seconds(180));
            if (run.exit_code != 0) {
                error_ = "victim " + mode + ": " + run.describe();
                return;
            }
            const std::string link = "reports/" + name + ".html";
            capsules_.emplace_back(link, read_capsule(capsule));
            write_file(dir_ + "/" + link, cli::render_html_report(capsules_.back().second));
        }
        Report hostile = small_report(injection, injection, injection, "2024-05-01T10:00:00Z");
        hostile.host = injection;
        capsules_.emplace_back("reports/\"><img src=x onerror=top.capsuleInjected=5>.html", hostile);
        write_file(dir_ + "/index.html", cli::render_html_index(capsules_));
    }

    void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

    static inline std::string dir_;
    static inline std::string error_;
    static inline std::vector<std::pair<std::string, Report>> capsules_;
};

TEST_F(BrowserIndex, SameFailureSameFingerprint) {
    ASSERT_EQ(capsules_.size(), 4u);
    EXPECT_FALSE(capsules_[0].second.fingerprint.empty());
    EXPECT_EQ(capsules_[0].second.fingerprint, capsules_[1].second.fingerprint);
    EXPECT_NE(capsules_[0].second.fingerprint, capsules_[2].second.fingerprint);
}

TEST_F(BrowserIndex, ChecksPass) {
    ASSERT_TRUE(have_chromium()) << "no chromium: scripts/install-deps.sh installs it";
    nlohmann::json links = nlohmann::json::array();
    for (const auto& [link, report] : capsules_) links.push_back(cli::html::relative_href(link));
    const nlohmann::json expected = {
        {"page", "index"}, {"index", "index.html"},
        {"capsules", 4},   {"groups", 3},
        {"top_count", 2},  {"kinds", {{"assertion", 3}, {injection, 1}}},
        {"links", links},  {"injected_texts", {injection}},
    };
    expect_all_passed(run_harness(dir_, expected, false),
                      {"groups and rows", "links are the relative ones given", "bar chart per fingerprint",
                       "bar chart per kind", "a bar links to its group", "injected markup stays text",
                       "phone width has no sideways scrolling", "injected handlers never ran"});
}

TEST_F(BrowserIndex, Screenshots) {
    ASSERT_TRUE(have_chromium()) << "no chromium: scripts/install-deps.sh installs it";
    take_screenshot(dir_ + "/index.html", dir_ + "/index-1280.png", 1280, 1000, false);
    take_screenshot(dir_ + "/index.html", dir_ + "/index-390.png", 390, 1000, false);
}

}  // namespace
}  // namespace capsule::html_test

// The report of a real capsule in chromium: the victim fails, captures itself
// and writes a capsule; the test renders it and loads the page headless. The
// pages, the harness DOMs and the screenshots stay in the build tree
// (tests/html/artifacts/report) for a person to look at.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "capsule/file.hpp"
#include "chromium.hpp"
#include "harness_run.hpp"
#include "html/html.hpp"
#include "process.hpp"
#include "sample_reports.hpp"

namespace capsule::html_test {
namespace {

namespace fs = std::filesystem;

const std::string leg_injection = "<img src=x onerror=top.capsuleInjected=4>";
const std::string secret = "tok_live_4f9a8b7c6d5e3a2b";

class BrowserReport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::string(CAPSULE_HTML_ARTIFACT_DIR) + "/report";
        fs::create_directories(dir_);
        TempDir scratch;
        const std::string capsule = scratch / "victim.capsule";
        victim_run_ = run_process({CAPSULE_HTML_VICTIM, capsule, "total"}, {"CAPSULE_LEG=" + leg_injection},
                                  std::chrono::seconds(180));
        if (victim_run_.exit_code != 0) return;
        report_ = read_capsule(capsule);
        write_file(dir_ + "/victim.capsule", read_file(capsule));
        write_file(dir_ + "/report.html", cli::render_html_report(report_));
        write_file(dir_ + "/statuses.html", cli::render_html_report(hostile_report()));
    }

    void SetUp() override {
        ASSERT_EQ(victim_run_.exit_code, 0) << "the victim did not write a capsule: " << victim_run_.describe();
    }

    static nlohmann::json expected(bool dark) {
        return {{"page", "report"},
                {"report", "report.html"},
                {"statuses", "statuses.html"},
                {"dark", dark},
                {"failing_function", "check_order_total"},
                {"body_function", "TestBody"},
                {"min_library_frames", 2},
                {"assertion_names", {"total", "expected_total"}},
                {"search", "discount"},
                {"search_hidden", {"subtotal", "note", "api_token", "separators"}},
                {"secret", secret},
                {"injected_texts",
                 {"</script><img src=x onerror=alert(1)>", "\"><img src=x onerror=top.capsuleInjected=3>",
                  "</script><img src=x onerror=top.capsuleInjected=2>", leg_injection}},
                {"statuses_texts", {injection, issue_injection}}};
    }

    static inline std::string dir_;
    static inline ProcessResult victim_run_;
    static inline Report report_;
};

// Every check of the harness's report suite: each must have run and passed.
const std::vector<std::string> report_checks = {
    "page loaded",
    "failing frame expanded",
    "user frames expanded",
    "library frames collapsed and greyed",
    "collapsed frame expands on click",
    "assertion variables first and highlighted",
    "masked value marked and secret absent",
    "injected markup stays text",
    "embedded JSON parses back",
    "call path from test body to failing frame",
    "call path link unfolds its frame",
    "download button gives the JSON",
    "search hides non-matching variables",
    "clearing the search restores the page",
    "colours follow the system setting",
    "phone width has no sideways scrolling",
    "phone width shows the failing frame",
    "every absence is marked",
    "other threads folded",
    "hand-built hostile report stays inert",
    "injected handlers never ran",
};

// The browser checks mean something only if the capsule has what they look for.
TEST_F(BrowserReport, VictimCapsuleHasWhatTheChecksNeed) {
    const Thread* thread = report_.failing_thread();
    ASSERT_NE(thread, nullptr);
    ASSERT_FALSE(thread->frames.empty());
    EXPECT_NE(thread->frames[0].function.find("check_order_total"), std::string::npos) << thread->frames[0].function;
    EXPECT_EQ(thread->frames[0].category, "user");
    auto has_category = [&](const std::string& category) {
        return std::any_of(thread->frames.begin(), thread->frames.end(),
                           [&](const Frame& f) { return f.category == category; });
    };
    EXPECT_TRUE(has_category("std"));
    EXPECT_TRUE(has_category("test-framework"));
    auto var = [&](const std::string& name) -> const Variable* {
        for (const Variable& v : thread->frames[0].vars)
            if (v.name == name) return &v;
        return nullptr;
    };
    ASSERT_NE(var("total"), nullptr);
    ASSERT_NE(var("note"), nullptr);
    EXPECT_NE(var("note")->value.find("</script><img src=x onerror=alert(1)>"), std::string::npos);
    ASSERT_NE(var("api_token"), nullptr);
    EXPECT_EQ(var("api_token")->status, ValueStatus::masked);
    EXPECT_EQ(report_.environment.count("CAPSULE_LEG"), 1u);
    EXPECT_EQ(report_.assertion.expression, "EXPECT_EQ(total, expected_total)");
}

TEST_F(BrowserReport, ChecksPassInLightMode) {
    ASSERT_TRUE(have_chromium()) << "no chromium: scripts/install-deps.sh installs it";
    expect_all_passed(run_harness(dir_, expected(false), false), report_checks);
}

TEST_F(BrowserReport, ChecksPassInDarkMode) {
    ASSERT_TRUE(have_chromium()) << "no chromium: scripts/install-deps.sh installs it";
    expect_all_passed(run_harness(dir_, expected(true), true), report_checks);
}

TEST_F(BrowserReport, Screenshots) {
    ASSERT_TRUE(have_chromium()) << "no chromium: scripts/install-deps.sh installs it";
    take_screenshot(dir_ + "/report.html", dir_ + "/report-1280.png", 1280, 1800, false);
    take_screenshot(dir_ + "/report.html", dir_ + "/report-390.png", 390, 1800, false);
    take_screenshot(dir_ + "/report.html", dir_ + "/report-1280-dark.png", 1280, 1800, true);
}

}  // namespace
}  // namespace capsule::html_test

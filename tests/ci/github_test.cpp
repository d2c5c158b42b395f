// GitHub's rules: workflow-command escaping, 10 annotations per step ranked
// new first then by fingerprint count with the rest counted in the last, and
// a step summary that never grows past 1 MiB.
#include <gtest/gtest.h>

#include <filesystem>

#include "ci/github.hpp"
#include "ci/summary.hpp"
#include "ci_support.hpp"

namespace capsule::citest {
namespace {

using namespace capsule::cli::ci;

CapsuleRecord record(const std::string& fingerprint, const std::string& test, const std::string& file = "src/a.cpp") {
    CapsuleRecord r;
    r.fingerprint = fingerprint;
    r.kind = "crash";
    r.cause = "SIGSEGV";
    r.test = test;
    r.function = "f";
    r.file = file;
    r.line = 3;
    r.path = "capsules/" + test + ".capsule";
    r.message = "boom";
    return r;
}

TEST(GithubEscape, DataAndProperties) {
    EXPECT_EQ(escape_command_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
    EXPECT_EQ(escape_command_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
}

TEST(GithubAnnotations, FileLineTitleAndMessageEscaped) {
    CapsuleRecord r = record("f1", "Suite.A, with: comma");
    r.message = "line one\nline two 100%";
    const auto lines = github_annotations({r}, nullptr);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].rfind("::error file=src/a.cpp,line=3,title=crash (SIGSEGV) in Suite.A%2C with%3A comma::", 0), 0u)
        << lines[0];
    EXPECT_NE(lines[0].find("line one%0Aline two 100%25"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find('\n'), std::string::npos);
}

TEST(GithubAnnotations, AbsoluteFileOutsideWorkspaceIsNotAFileAnnotation) {
    const auto lines = github_annotations({record("f1", "T", "/usr/include/x.h")}, nullptr);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].rfind("::error title=", 0), 0u) << lines[0];
}

TEST(GithubAnnotations, RankedAndBoundedWithCountOfTheRest) {
    std::vector<CapsuleRecord> records;
    // 1 capsule of fingerprint "lone", 5 of "many", 3 of "some", 6 of "new-one"... 15 in all.
    records.push_back(record("lone", "Lone"));
    for (int i = 0; i < 5; ++i) records.push_back(record("many", "Many" + std::to_string(i)));
    for (int i = 0; i < 3; ++i) records.push_back(record("some", "Some" + std::to_string(i)));
    records.push_back(record("fresh", "Fresh"));
    for (int i = 0; i < 5; ++i) records.push_back(record("other", "Other" + std::to_string(i)));
    const std::set<std::string> fresh{"fresh"};
    const auto lines = github_annotations(records, &fresh);
    ASSERT_EQ(lines.size(), 10u);
    EXPECT_NE(lines[0].find("in Fresh::"), std::string::npos) << lines[0];  // new first, though alone
    EXPECT_NE(lines[0].find("new: not in the base"), std::string::npos);
    for (int i = 1; i <= 5; ++i) EXPECT_NE(lines[i].find("in Many"), std::string::npos) << i << lines[i];
    for (int i = 6; i < 10; ++i) EXPECT_NE(lines[i].find("in Other"), std::string::npos) << i << lines[i];
    EXPECT_NE(lines[9].find("and 5 more capsules not annotated"), std::string::npos) << lines[9];
    for (int i = 0; i < 9; ++i) EXPECT_EQ(lines[i].find("more capsule"), std::string::npos);
    // Without a base nothing is "new", and the counts alone rank.
    const auto plain = github_annotations(records, nullptr);
    EXPECT_NE(plain[0].find("in Many0"), std::string::npos) << plain[0];
    EXPECT_EQ(plain[0].find("new: "), std::string::npos);
    // Few enough: no "more" line.
    const auto few = github_annotations({record("a", "A")}, nullptr);
    EXPECT_EQ(few[0].find("more capsule"), std::string::npos);
}

TEST(GithubStepSummary, StaysUnderOneMebibyte) {
    TempDir dir;
    const std::string path = dir / "summary";
    spit(path, std::string(1024 * 1024 - 5000, 'x') + "\n");
    std::string big;
    for (int i = 0; i < 1000; ++i) big += "| row " + std::to_string(i) + " | some text that takes room |\n";
    EXPECT_TRUE(append_step_summary(path, big));
    const auto size = std::filesystem::file_size(path);
    EXPECT_LT(size, github_summary_limit);
    EXPECT_GT(size, 1024 * 1024 - 5000);
    EXPECT_NE(slurp(path).find("summary cut to fit"), std::string::npos);
    // Full: nothing more is written.
    spit(path, std::string(1024 * 1024 - 10, 'x'));
    EXPECT_FALSE(append_step_summary(path, big));
    EXPECT_EQ(std::filesystem::file_size(path), 1024u * 1024 - 10);
    // A small summary goes in whole.
    spit(path, "");
    EXPECT_TRUE(append_step_summary(path, "## hello\n"));
    EXPECT_EQ(slurp(path), "## hello\n");
}

TEST(Summary, CountsByKindAndGroupsByFingerprint) {
    Bundle b;
    b.capsules = {record("aaaaaaaaaaaaaaaa", "A"), record("bbbbbbbbbbbbbbbb", "B"), record("bbbbbbbbbbbbbbbb", "C")};
    b.capsules[0].kind = "timeout";
    b.capsules[0].cause = "";
    const std::string md = render_summary(b, {});
    EXPECT_NE(md.find("3 capsules, 2 distinct failures"), std::string::npos) << md;
    EXPECT_NE(md.find("| crash | 2 |"), std::string::npos) << md;
    EXPECT_NE(md.find("| timeout | 1 |"), std::string::npos) << md;
    // The bigger group comes first, its count on its first row only.
    const std::size_t b_row = md.find("`bbbbbbbbbbbb` | 2 | B");
    const std::size_t c_row = md.find("|  |  | C");
    const std::size_t a_row = md.find("`aaaaaaaaaaaa` | 1 | A");
    ASSERT_NE(b_row, std::string::npos) << md;
    ASSERT_NE(c_row, std::string::npos) << md;
    ASSERT_NE(a_row, std::string::npos) << md;
    EXPECT_LT(b_row, c_row);
    EXPECT_LT(c_row, a_row);
    EXPECT_EQ(md_cell("a|b\nc"), "a\\|b c");
}

}  // namespace
}  // namespace capsule::citest

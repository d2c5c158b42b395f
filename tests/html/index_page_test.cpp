// render_html_index on hand-built reports, checked as text; the browser test
// loads it as well.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "html/html.hpp"
#include "sample_reports.hpp"

namespace capsule::cli {
namespace {

using html_test::small_report;

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

const std::string fp_a(64, 'a');
const std::string fp_b(64, 'b');

std::vector<std::pair<std::string, Report>> bundle() {
    return {
        {"capsules/one.capsule", small_report("assertion", fp_b, "Shop.Total", "2024-05-01T10:00:02Z")},
        {"capsules/two.capsule", small_report("crash", fp_a, "Shop.Crash", "2024-05-01T10:00:03Z")},
        {"capsules/three.capsule", small_report("crash", fp_a, "Shop.Crash/1", "2024-05-01T10:00:01Z")},
        {"capsules/four.capsule", small_report("crash", fp_a, "Shop.Crash/2", "2024-05-01T10:00:04Z")},
    };
}

TEST(HtmlIndex, GroupsByFingerprintLargestFirstThenByTime) {
    const std::string page = render_html_index(bundle());
    EXPECT_NE(page.find("<h1>4 capsules, 2 distinct failures</h1>"), std::string::npos);
    EXPECT_EQ(count(page, "<tbody class=\"group\""), 2u);
    EXPECT_EQ(count(page, "<tr class=\"capsule\">"), 4u);
    const std::size_t group_a = page.find("<tbody class=\"group\" id=\"group-0\">");
    const std::size_t group_b = page.find("<tbody class=\"group\" id=\"group-1\">");
    ASSERT_NE(group_a, std::string::npos);
    ASSERT_NE(group_b, std::string::npos);
    EXPECT_EQ(page.find("aaaaaaaaaaaa</span> <span class=\"count\">3 \xc3\x97</span>", group_a),
              page.find("aaaaaaaaaaaa</span>", group_a));
    EXPECT_NE(page.find("3 \xc3\x97</span> crash in <span class=\"mono\">Shop.Crash/1</span></th>"), std::string::npos);
    // Messages on one line: a GoogleTest message starts with a line that says little.
    EXPECT_NE(page.find("<td class=\"message-cell\">crash in Shop.Crash/1 second line</td>"), std::string::npos);
    const std::size_t three = page.find("capsules/three.capsule");
    const std::size_t two = page.find("capsules/two.capsule");
    const std::size_t four = page.find("capsules/four.capsule");
    const std::size_t one = page.find("capsules/one.capsule");
    EXPECT_LT(group_a, three);
    EXPECT_LT(three, two);
    EXPECT_LT(two, four);
    EXPECT_LT(four, group_b);
    EXPECT_LT(group_b, one);
}

TEST(HtmlIndex, ChartsCountPerFingerprintAndPerKind) {
    const std::string page = render_html_index(bundle());
    const std::size_t fingerprints = page.find("<div id=\"chart-fingerprints\">");
    const std::size_t kinds = page.find("<div id=\"chart-kinds\">");
    ASSERT_NE(fingerprints, std::string::npos);
    ASSERT_NE(kinds, std::string::npos);
    const std::string by_fp = page.substr(fingerprints, kinds - fingerprints);
    const std::string by_kind = page.substr(kinds, page.find("</svg>", kinds) - kinds);
    EXPECT_EQ(count(by_fp, "<g class=\"chart-row\""), 2u);
    EXPECT_NE(by_fp.find("<g class=\"chart-row\" data-count=\"3\"><a href=\"#group-0\">"), std::string::npos);
    EXPECT_NE(by_fp.find("<g class=\"chart-row\" data-count=\"1\"><a href=\"#group-1\">"), std::string::npos);
    EXPECT_NE(by_kind.find("<g class=\"chart-row\" data-count=\"3\"><title>crash: 3</title>"), std::string::npos);
    EXPECT_NE(by_kind.find("<g class=\"chart-row\" data-count=\"1\"><title>assertion: 1</title>"), std::string::npos);
    // Lengths are proportional: the largest count fills the room, one third of it is a third.
    const std::regex bar("<rect class=\"bar\" x=\"172\" y=\"[0-9]+\" width=\"([0-9]+)\"");
    std::vector<int> widths;
    for (auto it = std::sregex_iterator(by_fp.begin(), by_fp.end(), bar); it != std::sregex_iterator(); ++it)
        widths.push_back(std::stoi((*it)[1]));
    ASSERT_EQ(widths.size(), 2u);
    EXPECT_EQ(widths[0], 420 - 172 - 36);
    EXPECT_EQ(widths[1], widths[0] / 3);
}

TEST(HtmlIndex, EscapesEverythingAndKeepsLinksRelative) {
    std::vector<std::pair<std::string, Report>> capsules = bundle();
    Report hostile =
        small_report(html_test::injection, html_test::injection, html_test::injection, html_test::injection);
    hostile.host = html_test::injection;
    capsules.emplace_back("javascript:alert(1)", hostile);
    capsules.emplace_back("//evil.example/" + html_test::injection, small_report("crash", fp_a, "x", "t"));
    const std::string page = render_html_index(capsules);
    std::string lowered = page;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_EQ(page.find(html_test::injection), std::string::npos);
    EXPECT_EQ(lowered.find("<img"), std::string::npos);
    EXPECT_EQ(lowered.find("<script"), std::string::npos);
    EXPECT_EQ(lowered.find("href=\"javascript:"), std::string::npos);
    EXPECT_NE(page.find("href=\"javascript%3Aalert%281%29\""), std::string::npos);
    EXPECT_NE(page.find("href=\"./evil.example/%3C/script%3E%3Cimg%20src%3Dx%20onerror%3Dtop.capsuleInjected%3D1%3E\""),
              std::string::npos);
    // Only our own anchors inside the page.
    const std::regex href("href=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), href); it != std::sregex_iterator(); ++it) {
        const std::string link = (*it)[1];
        EXPECT_TRUE(link.rfind("#group-", 0) == 0 || link.find(':') == std::string::npos) << link;
    }
}

TEST(HtmlIndex, EmptyBundle) {
    const std::string page = render_html_index({});
    EXPECT_NE(page.find("<h1>0 capsules, 0 distinct failures</h1>"), std::string::npos);
    EXPECT_NE(page.find("no capsules were collected"), std::string::npos);
}

}  // namespace
}  // namespace capsule::cli

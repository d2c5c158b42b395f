// render_html_report on hand-built reports, checked as text. What a browser
// makes of the page is checked in browser_report_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "capsule/file.hpp"
#include "html/html.hpp"
#include "sample_reports.hpp"

namespace capsule::cli {
namespace {

using html_test::injection;

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The markup of one frame: from its anchor to the next frame's.
std::string frame_markup(const std::string& page, const std::string& id, const std::string& next_id) {
    const std::size_t start = page.find("id=\"" + id + "\"");
    const std::size_t end = page.find("id=\"" + next_id + "\"");
    if (start == std::string::npos || end == std::string::npos || end < start) return "";
    return page.substr(start, end - start);
}

// The order in which variable names appear in some markup.
std::vector<std::string> names_in(const std::string& markup) {
    std::vector<std::string> names;
    const std::regex name_span("<span class=\"vn\">([^<]*)</span>");
    for (auto it = std::sregex_iterator(markup.begin(), markup.end(), name_span); it != std::sregex_iterator(); ++it)
        names.push_back((*it)[1]);
    return names;
}

std::string data_island(const std::string& page) {
    const std::string open = "<script type=\"application/json\" id=\"capsule-data\">";
    const std::size_t start = page.find(open);
    if (start == std::string::npos) return "";
    const std::size_t end = page.find("</script>", start);
    return page.substr(start + open.size(), end - start - open.size());
}

TEST(HtmlReport, NoStringFromTheCapsuleBecomesMarkup) {
    const std::string page = render_html_report(html_test::hostile_report());
    EXPECT_EQ(page.find(injection), std::string::npos);
    EXPECT_EQ(page.find(html_test::issue_injection), std::string::npos);
    EXPECT_EQ(lower(page).find("<img"), std::string::npos);
    // Our two scripts and nothing else: the data and the behaviour.
    EXPECT_EQ(count(lower(page), "<script"), 2u);
    EXPECT_EQ(count(lower(page), "</script"), 2u);
    EXPECT_NE(page.find("&lt;/script&gt;&lt;img src=x onerror=top.capsuleInjected=1&gt;"), std::string::npos);
    // The hostile variable name, type and value, the frame name and the thread name are text too.
    EXPECT_GE(count(page, "&lt;img src=x onerror=top.capsuleInjected=1&gt;"), 10u);
}

TEST(HtmlReport, IsSelfContained) {
    const std::string page = lower(render_html_report(html_test::hostile_report()));
    for (const char* fetches : {"<link", " src=\"", "@import", "<iframe", "<object", "<embed"})
        EXPECT_EQ(page.find(fetches), std::string::npos) << fetches;
    // url() only for the arrow heads, which are in the page (and the script's
    // createObjectURL( for the download, which makes its own blob).
    EXPECT_EQ(count(page, "url("), count(page, "url(#arrow-head)") + count(page, "objecturl("));
    // The only URL is the SVG namespace name, which is never fetched.
    EXPECT_EQ(count(page, "http://") + count(page, "https://"), count(page, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST(HtmlReport, PolicyNonceIsFreshAndMatchesTheScripts) {
    const std::string a = render_html_report(html_test::hostile_report());
    const std::string b = render_html_report(html_test::hostile_report());
    const std::regex policy("script-src 'nonce-([0-9a-f]{32})'");
    std::smatch ma, mb;
    ASSERT_TRUE(std::regex_search(a, ma, policy));
    ASSERT_TRUE(std::regex_search(b, mb, policy));
    EXPECT_NE(ma[1], mb[1]);
    EXPECT_NE(a.find("<script nonce=\"" + ma[1].str() + "\">"), std::string::npos);
    EXPECT_NE(a.find("<style nonce=\"" + ma[1].str() + "\">"), std::string::npos);
    EXPECT_NE(a.find("default-src 'none'"), std::string::npos);
}

TEST(HtmlReport, EmbeddedJsonIsTheWholeReport) {
    const Report report = html_test::hostile_report();
    const std::string island = data_island(render_html_report(report));
    ASSERT_FALSE(island.empty());
    EXPECT_EQ(island.find('<'), std::string::npos);
    EXPECT_EQ(island.find("\xe2\x80\xa8"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(island), nlohmann::json::parse(report_to_json(report)));
    const Report back = report_from_json(island);
    EXPECT_EQ(back.message, report.message);
    EXPECT_EQ(back.threads.at(0).frames.at(0).vars.at(4).value, "\"" + html_test::separators + "\"");
}

TEST(HtmlReport, UserFramesOpenLibraryFramesFoldedAndGreyed) {
    const std::string page = render_html_report(html_test::hostile_report());
    EXPECT_NE(page.find("<details class=\"frame cat-user failing\" id=\"t0-f0\" open>"), std::string::npos);
    EXPECT_NE(page.find("<details class=\"frame cat-user\" id=\"t0-f1\" open>"), std::string::npos);
    EXPECT_NE(page.find("<details class=\"frame cat-std lib\" id=\"t0-f2\">"), std::string::npos);
    EXPECT_NE(page.find("<details class=\"frame cat-user\" id=\"t0-f3\" open>"), std::string::npos);
    EXPECT_NE(page.find("<details class=\"frame cat-test-framework lib\" id=\"t0-f4\">"), std::string::npos);
    EXPECT_NE(page.find("<details class=\"frame cat-system lib\" id=\"t0-f5\">"), std::string::npos);
    // The failing thread comes first and open, the other folded.
    EXPECT_LT(page.find("id=\"thread-0\" open>"), page.find("id=\"thread-1\">"));
    EXPECT_NE(page.find("<details class=\"frame cat-system lib\" id=\"t1-f0\">"), std::string::npos);
}

TEST(HtmlReport, FocusThreadIsTheFailingOneWhereverItIs) {
    Report report = html_test::hostile_report();
    std::swap(report.threads[0], report.threads[1]);
    const std::string page = render_html_report(report);
    EXPECT_LT(page.find("id=\"thread-1\" open>"), page.find("id=\"thread-0\">"));
    EXPECT_NE(page.find("id=\"t1-f0\" open>"), std::string::npos);
    EXPECT_NE(page.find("href=\"#t1-f0\""), std::string::npos);
}

TEST(HtmlReport, AssertionVariablesComeFirstAndAreMarked) {
    const std::string page = render_html_report(html_test::hostile_report());
    const std::string failing = frame_markup(page, "t0-f0", "t0-f1");
    ASSERT_FALSE(failing.empty());
    const std::vector<std::string> names = names_in(failing);
    ASSERT_GE(names.size(), 3u);
    EXPECT_EQ(names[0], "total");
    EXPECT_EQ(names[1], "expected_total");
    // `note` is named too, after the two.
    EXPECT_EQ(names[2], "note");
    EXPECT_EQ(count(failing, "<li class=\"var st-ok assert\">"), 3u);
    EXPECT_EQ(count(failing, "in assertion"), 3u);
    // The shadowed `total` is not the one the expression reads.
    EXPECT_NE(failing.find("<li class=\"var st-shadowed\">"), std::string::npos);
    // The same names elsewhere are not marked.
    EXPECT_EQ(frame_markup(page, "t0-f1", "t0-f2").find("assert"), std::string::npos);
    // The expression in the header marks them as well, but not inside the string literal.
    EXPECT_NE(page.find("EXPECT_EQ(<span class=\"ident\">total</span>, <span class=\"ident\">expected_total</span>)"
                        " &lt;&lt; &quot;total &quot; &lt;&lt; <span class=\"ident\">note</span>"),
              std::string::npos);
}

TEST(HtmlReport, EveryAbsenceIsMarked) {
    const std::string page = render_html_report(html_test::hostile_report());
    EXPECT_NE(page.find("<span class=\"badge st-masked\">masked</span>"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"vv\">&lt;optimized out&gt;</span><span class=\"badge st-optimized_out\">"
                        "optimized out</span>"),
              std::string::npos);
    EXPECT_NE(page.find("<span class=\"badge st-unreadable\">unreadable</span>"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"badge st-truncated\">truncated</span>"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"badge st-shadowed\">shadowed</span>"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"badge st-not_implemented\">not implemented</span>"), std::string::npos);
    EXPECT_NE(page.find("<li class=\"var st-masked\">"), std::string::npos);
}

TEST(HtmlReport, StructsFoldAndLeavesAreRows) {
    const std::string page = render_html_report(html_test::hostile_report());
    const std::string failing = frame_markup(page, "t0-f0", "t0-f1");
    EXPECT_NE(failing.find("<details><summary class=\"var-row\" title=\"at 0x7ffe0000\"><span class=\"vn\">order</span>"
                           "<span class=\"vk\">param</span>"),
              std::string::npos);
    EXPECT_NE(failing.find("<div class=\"var-row\"><span class=\"vn\">subtotal</span><span class=\"vv\">3</span>"
                           "<span class=\"vt\" title=\"double\">double</span></div>"),
              std::string::npos);
}

TEST(HtmlReport, FailingLineAndCallPath) {
    const std::string page = render_html_report(html_test::hostile_report());
    EXPECT_NE(page.find("<span class=\"line here\"><span class=\"ln\">21</span>    EXPECT_EQ(total, expected_total);"),
              std::string::npos);
    // Body at the top, failing frame at the bottom, the std frame as one grey box.
    const std::size_t svg = page.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"call-path\"");
    ASSERT_NE(svg, std::string::npos);
    const std::string drawing = page.substr(svg, page.find("</svg>", svg) - svg);
    const std::size_t body = drawing.find("<a href=\"#t0-f3\">");
    const std::size_t library = drawing.find("1 library frame<");
    const std::size_t lambda = drawing.find("<a href=\"#t0-f1\">");
    const std::size_t failing = drawing.find("<a href=\"#t0-f0\">");
    ASSERT_NE(body, std::string::npos);
    ASSERT_NE(library, std::string::npos);
    ASSERT_NE(lambda, std::string::npos);
    ASSERT_NE(failing, std::string::npos);
    EXPECT_LT(body, library);
    EXPECT_LT(library, lambda);
    EXPECT_LT(lambda, failing);
    EXPECT_NE(drawing.find(">Shop_Total_Test::TestBody</text>"), std::string::npos);
    EXPECT_NE(drawing.find("test body \xc2\xb7 shop_test.cpp:33"), std::string::npos);
    EXPECT_NE(drawing.find("fails here \xc2\xb7 shop_test.cpp:21"), std::string::npos);
    EXPECT_EQ(count(drawing, "<g class=\"node"), 4u);
    EXPECT_EQ(count(drawing, "<line class=\"edge\""), 3u);
    // The framework frames above the body are not part of the path.
    EXPECT_EQ(drawing.find("#t0-f4"), std::string::npos);
}

TEST(HtmlReport, SectionsForThreadsEnvironmentAndManifest) {
    const std::string page = render_html_report(html_test::hostile_report());
    EXPECT_NE(page.find("<h2>Stack <span class=\"muted\">(2 threads)</span></h2>"), std::string::npos);
    EXPECT_NE(page.find("<td class=\"mono\">CAPSULE_LEG</td><td class=\"mono\">&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("<summary>manifest.yaml</summary>"), std::string::npos);
    EXPECT_NE(page.find("fingerprint: &quot;9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08&quot;"),
              std::string::npos);
    EXPECT_NE(
        page.find("<span class=\"mono\" title=\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\">"
                  "9f86d081884c</span>"),
        std::string::npos);
    // The command line can be copied back into a shell.
    EXPECT_NE(page.find("<code>./shop_test &#39;--gtest_filter=Shop.*&#39; &#39;&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("<span class=\"warn\">truncated: a bound ran out</span>"), std::string::npos);
    // A multi-line message keeps its lines.
    EXPECT_NE(page.find("<pre class=\"message\">Expected equality of these values:\n  total\n"), std::string::npos);
}

TEST(HtmlReport, CrashFacts) {
    Report report = html_test::hostile_report();
    report.kind = "crash";
    report.signal = {11, "SIGSEGV", 1, "SEGV_MAPERR", 0};
    const std::string page = render_html_report(report);
    EXPECT_NE(page.find("<span class=\"kind\">crash</span>"), std::string::npos);
    EXPECT_NE(
        page.find("<dt>signal</dt><dd>SIGSEGV (11), SEGV_MAPERR, fault address <span class=\"mono\">0x0</span></dd>"),
        std::string::npos);
    EXPECT_NE(page.find("<dt>exception</dt><dd><span class=\"mono\">std::runtime_error</span>: "
                        "<span class=\"pre\">thrown with &lt;/script&gt;"),
              std::string::npos);
}

TEST(HtmlReport, BytesThatAreNotUtf8) {
    Report report = html_test::hostile_report();
    const std::string bytes = std::string("ok\xff\xfe\x80\x00\x1b[2J", 10);
    report.message = bytes;
    report.host = bytes;
    report.threads[0].frames[0].vars.push_back(html_test::var(bytes, bytes, bytes));
    const std::string page = render_html_report(report);
    EXPECT_NE(page.find("<span class=\"vn\">ok\\xff\\xfe\\x80\\x00\\x1b[2J</span>"), std::string::npos);
    EXPECT_EQ(page.find('\x1b'), std::string::npos);
    EXPECT_EQ(page.find('\xff'), std::string::npos);
    // The embedded JSON stays valid: the bytes became U+FFFD there.
    EXPECT_NO_THROW(nlohmann::json::parse(data_island(page)));
}

TEST(HtmlReport, EmptyAndOddReportsStillRender) {
    Report empty;
    const std::string page = render_html_report(empty);
    EXPECT_NE(page.find("<h1>Captured failure</h1>"), std::string::npos);
    EXPECT_NE(page.find("no threads captured"), std::string::npos);
    EXPECT_EQ(page.find("class=\"call-path\""), std::string::npos);

    Report no_frames;
    no_frames.threads.resize(1);
    EXPECT_NE(render_html_report(no_frames).find("no frames captured"), std::string::npos);

    // A snapshot names no failing thread: the first one is the subject.
    Report snapshot = html_test::hostile_report();
    snapshot.kind = "snapshot";
    for (Thread& thread : snapshot.threads) thread.failing = false;
    EXPECT_NE(render_html_report(snapshot).find("id=\"thread-0\" open>"), std::string::npos);
}

TEST(HtmlReport, DeepValuesAreCutBeforeTheBrowserFlattensThem) {
    Report report = html_test::hostile_report();
    Variable deep = html_test::var("deep", "Node", "{...}");
    Variable* at = &deep;
    for (int i = 0; i < 190; ++i) {
        at->children.push_back(html_test::var("next", "Node", "{...}"));
        at = &at->children.back();
    }
    report.threads[0].frames[0].vars.push_back(deep);
    const std::string page = render_html_report(report);
    EXPECT_NE(page.find("deeper levels are in the capsule file, not shown here"), std::string::npos);
    const std::string failing = frame_markup(page, "t0-f0", "t0-f1");
    EXPECT_LE(count(failing, "<span class=\"vn\">next</span>"), 48u);
}

}  // namespace
}  // namespace capsule::cli

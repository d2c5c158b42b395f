// The escaping every page relies on, and the short names of the drawings.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "html/escape.hpp"
#include "html/labels.hpp"
#include "sample_reports.hpp"

namespace capsule::cli::html {
namespace {

TEST(HtmlEscape, MarkupCharactersBecomeReferences) {
    EXPECT_EQ(text("<a href=\"x\" title='y'>&amp;</a>"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    EXPECT_EQ(text(html_test::injection), "&lt;/script&gt;&lt;img src=x onerror=top.capsuleInjected=1&gt;");
}

TEST(HtmlEscape, ControlsBidiAndBrokenUtf8BecomeVisible) {
    EXPECT_EQ(text(std::string("a\x1b[31mb\n", 8)), "a\\x1b[31mb\\n");
    // U+202E would reverse what follows on screen.
    EXPECT_EQ(text("x\xe2\x80\xaey"), "x\\u202ey");
    EXPECT_EQ(text("ok\xff\xfe"), "ok\\xff\\xfe");
    EXPECT_EQ(text("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(text("a\tb"), "a\\tb");
    EXPECT_EQ(text("a\tb", true), "a\tb");
}

TEST(HtmlEscape, MultilineTextKeepsLineBreaksOnly) {
    EXPECT_EQ(multiline_text("one\r\ntwo <b>\n\tthree\x07"), "one\ntwo &lt;b&gt;\n\tthree\\x07");
    EXPECT_EQ(multiline_text(""), "");
    EXPECT_EQ(multiline_text("end\n"), "end\n");
}

TEST(HtmlEscape, ScriptJsonCannotCloseTheScriptAndParsesBackTheSame) {
    nlohmann::json document = {{"value", html_test::injection + " <!-- & " + html_test::separators}, {"n", 1}};
    const std::string escaped = script_json(document.dump());
    EXPECT_EQ(escaped.find('<'), std::string::npos);
    EXPECT_EQ(escaped.find('>'), std::string::npos);
    EXPECT_EQ(escaped.find('&'), std::string::npos);
    EXPECT_EQ(escaped.find("\xe2\x80\xa8"), std::string::npos);
    EXPECT_EQ(escaped.find("\xe2\x80\xa9"), std::string::npos);
    EXPECT_NE(escaped.find("\\u003c/script\\u003e"), std::string::npos);
    EXPECT_NE(escaped.find("\\u2028"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(escaped), document);
}

TEST(HtmlEscape, RelativeHrefStaysRelative) {
    EXPECT_EQ(relative_href("capsules/assertion-Shop.Total-1.capsule"), "capsules/assertion-Shop.Total-1.capsule");
    EXPECT_EQ(relative_href("javascript:alert(1)"), "javascript%3Aalert%281%29");
    EXPECT_EQ(relative_href("//evil.example/x"), "./evil.example/x");
    EXPECT_EQ(relative_href("/etc/passwd"), "./etc/passwd");
    EXPECT_EQ(relative_href("a b\"<c>.html"), "a%20b%22%3Cc%3E.html");
    EXPECT_EQ(relative_href("x?y#z%"), "x%3Fy%23z%25");
    EXPECT_EQ(relative_href("\\\\host\\share"), "./host%5Cshare");
}

TEST(FunctionLabel, DropsParametersAndTemplateArguments) {
    EXPECT_EQ(function_label("ns::Widget<std::vector<int, std::allocator<int> > >::run(int) const", 80),
              "ns::Widget<\xe2\x80\xa6>::run");
    EXPECT_EQ(function_label("check_total(Order const&, double)", 80), "check_total");
    EXPECT_EQ(
        function_label("Shop_Total_Test::TestBody()::{lambda(Order const&)#1}::operator()(Order const&) const", 80),
        "Shop_Total_Test::TestBody()::{lambda(Order const&)#1}::operator()");
    EXPECT_EQ(function_label("std::ostream& operator<< <char>(std::ostream&, X const&)", 80),
              "std::ostream& operator<< <\xe2\x80\xa6>");
    EXPECT_EQ(function_label("bool operator<(A const&, B const&)", 80), "bool operator<");
    EXPECT_EQ(function_label("main", 80), "main");
    EXPECT_EQ(function_label("(anonymous namespace)::f(int)", 80), "(anonymous namespace)::f");
    EXPECT_EQ(function_label("broken<name(", 80), "broken<name(");
}

TEST(FunctionLabel, LongNamesKeepTheirEndAndWholeCharacters) {
    const std::string label = function_label("outer::middle::inner::function_with_a_long_name", 20);
    EXPECT_EQ(label,
              "\xe2\x80\xa6"
              "on_with_a_long_name");
    EXPECT_EQ(function_label("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3), "\xe2\x80\xa6\xc3\xa9\xc3\xa9");
    EXPECT_EQ(clip("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3), "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
    EXPECT_EQ(clip("short", 10), "short");
    EXPECT_EQ(base_name("/a/b/c.cpp"), "c.cpp");
    EXPECT_EQ(base_name("c.cpp"), "c.cpp");
    EXPECT_EQ(one_line("  Expected equality:\n  total\r\n\tWhich is: 2.9\n"), "Expected equality: total Which is: 2.9");
}

}  // namespace
}  // namespace capsule::cli::html

// The text helpers behind `capsule show`, tested without running the command.
#include <gtest/gtest.h>

#include "render/expression.hpp"
#include "render/printable.hpp"

namespace capsule::cli {
namespace {

using Names = std::vector<std::string>;

TEST(ExpressionIdentifiers, NamesTheVariablesOfAnAssertion) {
    EXPECT_EQ(expression_identifiers("EXPECT_EQ(total, expected)"), (Names{"total", "expected"}));
    EXPECT_EQ(expression_identifiers("REQUIRE( v.size() == n )"), (Names{"v", "n"}));
    EXPECT_EQ(expression_identifiers("ASSERT_TRUE(p->ok && is_valid(x, y))"), (Names{"p", "x", "y"}));
    EXPECT_EQ(expression_identifiers("CHECK(std::abs(a - b) < eps)"), (Names{"a", "b", "eps"}));
    EXPECT_EQ(expression_identifiers("EXPECT_EQ(a, a + a)"), (Names{"a"}));
    EXPECT_EQ(expression_identifiers("EXPECT_EQ(this->count, 3)"), (Names{"this"}));
}

TEST(ExpressionIdentifiers, SkipsLiteralsNumbersAndKeywords) {
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(name, "total \" expected"))"), (Names{"name"}));
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(c, 'x'))"), (Names{"c"}));
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(s, R"x(raw "q" total)x"))"), (Names{"s"}));
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(w, L"wide"))"), (Names{"w"}));
    EXPECT_EQ(expression_identifiers("EXPECT_EQ(n, 1'000'000ull + 0x1fULL + 1.5e3f)"), (Names{"n"}));
    EXPECT_EQ(expression_identifiers("EXPECT_TRUE(ok == true && ptr != nullptr)"), (Names{"ok", "ptr"}));
    EXPECT_EQ(expression_identifiers(""), Names{});
    // Unterminated literals (a truncated expression) end the scan, not the program.
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(a, "unterminated)"), (Names{"a"}));
    EXPECT_EQ(expression_identifiers(R"(EXPECT_EQ(a, R"x(never closed)"), (Names{"a"}));
}

TEST(Printable, EscapesWhatWouldDriveTheTerminal) {
    EXPECT_EQ(printable("plain text"), "plain text");
    EXPECT_EQ(printable("a\x1b[31mred"), "a\\x1b[31mred");
    EXPECT_EQ(printable("line\nnext\r\t"), "line\\nnext\\r\\t");
    EXPECT_EQ(printable("tab\there", true), "tab\there");
    EXPECT_EQ(printable(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
    EXPECT_EQ(printable("c1 \xc2\x9b" "31m"), "c1 \\u009b31m");               // CSI as a C1 control
    EXPECT_EQ(printable("bidi \xe2\x80\xae" "evil"), "bidi \\u202eevil");     // RIGHT-TO-LEFT OVERRIDE
    EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
    EXPECT_EQ(printable("bad \xff\xc3"), "bad \\xff\\xc3");
}

}  // namespace
}  // namespace capsule::cli

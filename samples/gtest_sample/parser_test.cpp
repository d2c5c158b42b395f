#include <gtest/gtest.h>

#include "parser.hpp"

TEST(Parser, ParsesNumbers) {
    auto root = parser::parse("[1, 2, [3, 4], -5]");
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(parser::sum(*root), 5);
}

TEST(Parser, RejectsGarbage) { EXPECT_EQ(parser::parse("[1, 2"), nullptr); }

TEST(Parser, DepthOfNestedList) {
    const std::string input = "[[[]]]";
    auto root = parser::parse(input);
    ASSERT_NE(root, nullptr);
    const int depth = parser::first_path_depth(root.get());  // crashes: empty list
    EXPECT_EQ(depth, 3);
}

TEST(ParserDeathTest, DiesOnMalformedInput) {
    EXPECT_DEATH(parser::parse_or_die("[1,"), "malformed input");
}

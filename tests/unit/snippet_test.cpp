// Source snippets: the lines around a failing line, bounded whatever the
// configuration or the debug information says.
#include <gtest/gtest.h>

#include <climits>
#include <cstdio>
#include <fstream>
#include <string>

#include "symbols/symbols.hpp"

namespace {

// One file per size: the snippet reader caches files by path.
std::string write_source(int lines) {
    const std::string path =
        std::string(CAPSULE_TEST_BINARY_DIR) + "/snippet_source_" + std::to_string(lines) + ".cpp";
    std::ofstream out(path);
    for (int i = 1; i <= lines; ++i) out << "line " << i << "\n";
    return path;
}

TEST(Snippet, LinesAroundTheFailingOne) {
    const std::string file = write_source(20);
    const auto lines = capsule::symbols::read_snippet(file, 10, 2);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines.front().line, 8);
    EXPECT_EQ(lines.back().line, 12);
    EXPECT_EQ(lines[2].text, "line 10");
}

TEST(Snippet, HugeContextFromAConfigIsBounded) {
    const std::string file = write_source(500);
    const auto lines = capsule::symbols::read_snippet(file, 250, INT_MAX);
    EXPECT_EQ(lines.size(), 201u);  // 100 lines either side
    EXPECT_EQ(lines.front().line, 150);
}

TEST(Snippet, ImpossibleLinesGiveNothing) {
    const std::string file = write_source(5);
    EXPECT_TRUE(capsule::symbols::read_snippet(file, INT_MAX, 3).empty());
    EXPECT_TRUE(capsule::symbols::read_snippet(file, -1, 3).empty());
    EXPECT_TRUE(capsule::symbols::read_snippet(file, 3, -1).empty());
    EXPECT_TRUE(capsule::symbols::read_snippet("/nonexistent/file.cpp", 3, 3).empty());
}

}  // namespace

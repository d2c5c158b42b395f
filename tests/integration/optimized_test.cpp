// What -O2 makes hard: a dead parameter recovered through DW_OP_entry_value
// and the caller's call-site parameter, and a struct split into pieces. The
// same values must come out of every build.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Optimized : public ::testing::TestWithParam<std::string> {};

TEST_P(Optimized, EntryValueParameter) {
    const Report report = capture_victim("optimized", GetParam(), {"entry_value"});
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "entry_value_frame", "optimized.cpp",
                 marker_line(victim_source("optimized"), "CAPTURE-LINE entry_value"));
    expect_var(f, "a", "param", "7");
    EXPECT_EQ(thread.frames[1].function, "main");
}

TEST_P(Optimized, StructInPieces) {
    const Report report = capture_victim("optimized", GetParam(), {"pieces"});
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "pieces_frame", "optimized.cpp",
                 marker_line(victim_source("optimized"), "CAPTURE-LINE pieces"));
    if (const Variable* pair = expect_var(f, "pair", "param", "{first = 5, second = 15}")) {
        ASSERT_EQ(pair->children.size(), 2u);
        EXPECT_EQ(pair->children[0].name, "first");
        EXPECT_EQ(pair->children[0].value, "5");
        EXPECT_EQ(pair->children[1].name, "second");
        EXPECT_EQ(pair->children[1].value, "15");
    }
}

INSTANTIATE_TEST_SUITE_P(Victims, Optimized, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

// Fifty levels of recursion, every one its own frame with its own values, and
// nothing above main.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class DeepChain : public ::testing::TestWithParam<std::string> {};

TEST_P(DeepChain, EveryLevelThenMain) {
    const std::string variant = GetParam();
    const Report report = capture_victim("deep_chain", variant);
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    const std::string source = victim_source("deep_chain");
    constexpr int levels = 50;
    ASSERT_EQ(thread.frames.size(), static_cast<std::size_t>(levels) + 1);
    EXPECT_FALSE(thread.truncated);

    const int capture_line = marker_line(source, "CAPTURE-LINE");
    const int call_line = marker_line(source, "CALL-LINE descend");
    for (int depth = 0; depth < levels; ++depth) {
        const Frame& f = thread.frames[depth];
        SCOPED_TRACE("level " + std::to_string(depth));
        expect_frame(f, "descend", "deep_chain.cpp", depth == 0 ? capture_line : call_line);
        expect_var(f, "here", "local", std::to_string(depth * 10));
        expect_var(f, "below", "local", "-1");
        // g++ -O2 keeps `depth` only as "rdi on entry"; each caller passed
        // its own entry value minus one, down from main's constant 49: the
        // entry values nest fifty deep and must all resolve (gdb's do).
        if (!is_optimized(variant) || variant == "gcc-O2")
            expect_var(f, "depth", "param", std::to_string(depth));
    }
    const Frame& main_frame = thread.frames.back();
    EXPECT_EQ(main_frame.function, "main");
    if (!is_optimized(variant))
        EXPECT_EQ(main_frame.line, marker_line(source, "CALL-LINE main"));
}

INSTANTIATE_TEST_SUITE_P(Victims, DeepChain, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

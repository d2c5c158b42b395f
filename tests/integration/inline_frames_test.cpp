// An always_inline function is its own frame, marked inlined, with its own
// parameters; the function it was inlined into follows at the call's line.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class InlineFrames : public ::testing::TestWithParam<std::string> {};

TEST_P(InlineFrames, InlinedCallIsAFrameOfItsOwn) {
    const std::string variant = GetParam();
    const Report report = capture_victim("inline_frames", variant);
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 3u);
    const std::string source = victim_source("inline_frames");

    const Frame& inlined = thread.frames[0];
    expect_frame(inlined, "scaled_sum", "inline_frames.cpp", marker_line(source, "CAPTURE-LINE"),
                 true);
    expect_var(inlined, "sum", "local", "41");

    const Frame& host = thread.frames[1];
    expect_frame(host, "inline_host", "inline_frames.cpp",
                 marker_line(source, "CALL-LINE scaled_sum"), false);
    expect_var(host, "base", "param", "20");
    EXPECT_EQ(thread.frames[2].function, "main");

    if (!is_optimized(variant)) {
        expect_var(inlined, "first", "param", "20");
        expect_var(inlined, "second", "param", "21");
        expect_var(host, "bonus", "local", "21");
    } else {
        // Every parameter of the inlined function is listed, also one that
        // only its abstract origin describes (clang -O2): with its value or
        // as optimized out, never left away and never made up.
        for (const auto& [name, value] : {std::pair{"first", "20"}, std::pair{"second", "21"}}) {
            const Variable* v = find_var(inlined, name);
            ASSERT_NE(v, nullptr) << name;
            EXPECT_EQ(v->kind, "param") << name;
            if (v->status == ValueStatus::ok)
                EXPECT_EQ(v->value, value) << name;
            else
                EXPECT_EQ(v->status, ValueStatus::optimized_out) << name;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Victims, InlineFrames, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

// Values far beyond the bounds: a bounded prefix, marked truncated, and the
// capture still completes.
#include <gtest/gtest.h>

#include "capsule/options.hpp"
#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Truncation : public ::testing::TestWithParam<std::string> {};

void expect_bounded_elements(const Variable& v, int max_items) {
    EXPECT_EQ(v.status, ValueStatus::truncated) << describe(v);
    // max_items elements, then one marker child saying how many were left out.
    ASSERT_EQ(v.children.size(), static_cast<std::size_t>(max_items) + 1) << describe(v);
    for (int i = 0; i < max_items; ++i) {
        EXPECT_EQ(v.children[i].name, "[" + std::to_string(i) + "]");
        EXPECT_EQ(v.children[i].value, std::to_string(i));
    }
    const Variable& marker = v.children.back();
    EXPECT_EQ(marker.status, ValueStatus::truncated);
    EXPECT_EQ(marker.value, std::to_string(v.name == "many" ? 10000 - max_items : 1000 - max_items) +
                                " more");
}

TEST_P(Truncation, LargeValuesAreBounded) {
    const Report report = capture_victim("truncation", GetParam());
    const Thread& thread = failing_thread(report);
    ASSERT_FALSE(thread.frames.empty());
    const Frame& f = thread.frames[0];
    SCOPED_TRACE(describe(f));
    expect_frame(f, "truncation_frame", "truncation.cpp",
                 marker_line(victim_source("truncation"), "CAPTURE-LINE"));
    const Bounds bounds;  // the victim captures with the default bounds

    const Variable* many = find_var(f, "many");
    ASSERT_NE(many, nullptr);
    EXPECT_TRUE(many->value.starts_with("std::vector of length 10000, capacity 10000 = {0, 1, 2, "))
        << many->value;
    expect_bounded_elements(*many, bounds.max_items);

    const Variable* wide = find_var(f, "wide");
    ASSERT_NE(wide, nullptr);
    EXPECT_TRUE(wide->value.starts_with("{0, 1, 2, ")) << wide->value;
    expect_bounded_elements(*wide, bounds.max_items);

    const Variable* big = find_var(f, "big");
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->status, ValueStatus::truncated);
    // The text shown is the first max_string_bytes characters, quoted, with
    // gdb's "..." after the closing quote.
    EXPECT_EQ(big->value, "\"" + std::string(bounds.max_string_bytes, 'z') + "\"...");
    EXPECT_FALSE(report.capture.truncated) << "only values were cut, not the capture";
}

INSTANTIATE_TEST_SUITE_P(Victims, Truncation, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

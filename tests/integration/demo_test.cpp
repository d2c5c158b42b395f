// The README's sample: a failed check captured with what the test knows.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Demo : public ::testing::TestWithParam<std::string> {};

TEST_P(Demo, FailedCheckWithTheValuesThatExplainIt) {
    const Report report = capture_victim("demo", GetParam());
    EXPECT_EQ(report.kind, "assertion");
    EXPECT_EQ(report.message, "CHECK(total == expected) failed");
    EXPECT_EQ(report.test.full_name, "Orders.total_applies_discount");
    EXPECT_EQ(report.assertion.expression, "CHECK(total == expected)");
    const std::string source = victim_source("demo");
    EXPECT_EQ(report.assertion.line, marker_line(source, "CAPTURE-LINE"));
    EXPECT_EQ(report.fingerprint.size(), 64u);

    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "test_order_total_applies_discount", "demo.cpp",
                 marker_line(source, "CAPTURE-LINE"));
    EXPECT_EQ(f.category, "user");
    expect_var(f, "total", "local", "2.9");
    expect_var(f, "expected", "local", "2.7");
    expect_var(f, "discount", "local", "0.1");
    if (const Variable* items = find_var(f, "items")) {
        ASSERT_EQ(items->children.size(), 2u);
        EXPECT_EQ(items->children[0].value,
                  "{name = \"apple\", quantity = 3, unit_price = 0.5}");
    } else {
        ADD_FAILURE() << "no items";
    }
    // The snippet around the failing line is in the capsule.
    bool has_line = false;
    for (const SourceLine& s : f.snippet) has_line |= s.line == f.line;
    EXPECT_TRUE(has_line);
}

INSTANTIATE_TEST_SUITE_P(Victims, Demo, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

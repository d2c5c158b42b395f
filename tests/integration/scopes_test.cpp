// Which variables a frame shows: not those declared below its line, the
// shadowed outer one marked so, `this`, and a function-local static.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Scopes : public ::testing::TestWithParam<std::string> {};

TEST_P(Scopes, BlocksShadowingThisAndStatics) {
    const std::string variant = GetParam();
    const Report report = capture_victim("scopes", variant);
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "Account::audit", "scopes.cpp",
                 marker_line(victim_source("scopes"), "CAPTURE-LINE"));

    // Declared further down: in scope by pc, but not yet existing.
    expect_absent(f, "later");
    expect_absent(f, "after_block");

    expect_var(f, "inner", "local", "2");
    expect_var(f, "outer", "local", "1");
    std::vector<const Variable*> shadows = find_vars(f, "shadow");
    ASSERT_EQ(shadows.size(), 2u);
    const Variable* visible = find_var(f, "shadow");
    ASSERT_NE(visible, nullptr);
    EXPECT_EQ(visible->value, "20");
    EXPECT_EQ(visible->status, ValueStatus::ok);
    const Variable* hidden = shadows[0] == visible ? shadows[1] : shadows[0];
    EXPECT_EQ(hidden->status, ValueStatus::shadowed);
    if (!hidden->value.empty()) EXPECT_EQ(hidden->value, "10");

    expect_var(f, "audits", "static", "1");
    if (const Variable* self = expect_var_matching(f, "this", "param", "0x[0-9a-f]+")) {
        ASSERT_EQ(self->children.size(), 1u);
        const Variable& account = self->children[0];
        EXPECT_EQ(account.value, "{id = 17, balance = 250}");
    }
    if (!is_optimized(variant)) {
        expect_var(f, "level", "param", "2");
        expect_frame(thread.frames[1], "main", "scopes.cpp",
                     marker_line(victim_source("scopes"), "CALL-LINE audit"));
    }
}

INSTANTIATE_TEST_SUITE_P(Victims, Scopes, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

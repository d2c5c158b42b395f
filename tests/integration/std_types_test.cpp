// std::string (short and on the heap), vectors, unique_ptr and shared_ptr with
// two owners, shown the way gdb's libstdc++ pretty-printers show them.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class StdTypes : public ::testing::TestWithParam<std::string> {};

TEST_P(StdTypes, ValuesAsGdbPrettyPrintersShowThem) {
    const Report report = capture_victim("std_types", GetParam());
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "std_types_frame", "std_types.cpp",
                 marker_line(victim_source("std_types"), "CAPTURE-LINE"));
    EXPECT_EQ(thread.frames[1].function, "main");

    expect_var(f, "short_text", "local", "\"short\"");
    expect_var(f, "heap_text", "local", "\"a string long enough to live on the heap\"");
    if (const Variable* v =
            expect_var(f, "numbers", "local", "std::vector of length 3, capacity 3 = {1, 2, 3}")) {
        EXPECT_EQ(child_values(*v), (std::vector<std::string>{"1", "2", "3"}));
        if (!v->children.empty()) EXPECT_EQ(v->children[0].kind, "element");
    }
    if (const Variable* v = expect_var(f, "words", "local",
                                       "std::vector of length 2, capacity 2 = {\"alpha\", \"beta\"}"))
        EXPECT_EQ(child_values(*v), (std::vector<std::string>{"\"alpha\"", "\"beta\""}));

    if (const Variable* v =
            expect_var_matching(f, "owned", "local", R"(std::unique_ptr<int> = \{get\(\) = 0x[0-9a-f]+\})")) {
        ASSERT_EQ(v->children.size(), 1u);
        EXPECT_EQ(v->children[0].value, "42");
    }
    expect_var(f, "empty_owner", "local", "std::unique_ptr<int> = {get() = 0x0}");

    const std::string two_owners =
        R"(std::shared_ptr<int> \(use count 2, weak count 0\) = \{get\(\) = 0x[0-9a-f]+\})";
    const Variable* shared = expect_var_matching(f, "shared", "local", two_owners);
    const Variable* second = expect_var_matching(f, "second_owner", "local", two_owners);
    if (shared && second) {
        EXPECT_EQ(shared->value, second->value);  // one object, two owners
        ASSERT_EQ(shared->children.size(), 1u);
        EXPECT_EQ(shared->children[0].value, "7");
    }
}

INSTANTIATE_TEST_SUITE_P(Victims, StdTypes, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

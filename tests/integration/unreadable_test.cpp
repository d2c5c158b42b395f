// Pointers into unmapped memory: the pointer is shown, its target is marked
// unreadable, and the capture neither faults nor gives up on the frame.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Unreadable : public ::testing::TestWithParam<std::string> {};

TEST_P(Unreadable, TargetsOfBadPointersAreUnreadable) {
    const Report report = capture_victim("unreadable", GetParam());
    const Thread& thread = failing_thread(report);
    ASSERT_FALSE(thread.frames.empty());
    const Frame& f = thread.frames[0];
    SCOPED_TRACE(describe(f));
    expect_frame(f, "unreadable_frame", "unreadable.cpp",
                 marker_line(victim_source("unreadable"), "CAPTURE-LINE"));

    // An object met a second time is not read again: that pointer's child
    // refers to the graph node of the first reading.
    auto reference_to = [](const Variable& first, const std::string& path) {
        return "-> @node " + std::to_string(first.node) + " (" + path + ")";
    };
    const Variable* bad = expect_var(f, "bad", "local", "0x10");
    const Variable* good = expect_var(f, "good", "local", "{value = 1, next = 0x10}");
    ASSERT_TRUE(bad && good);
    const Variable* next = find_child(*good, "next");
    ASSERT_NE(next, nullptr);
    EXPECT_EQ(next->value, "0x10");
    ASSERT_EQ(bad->children.size(), 1u) << describe(*bad);
    ASSERT_EQ(next->children.size(), 1u) << describe(*next);
    // `bad` and `good.next` both point to 0x10; which is read first depends
    // on the order of the variables in the DWARF.
    const Variable& via_bad = bad->children[0];
    const Variable& via_next = next->children[0];
    if (via_bad.value.starts_with("-> @node")) {
        EXPECT_EQ(via_next.status, ValueStatus::unreadable) << describe(*next);
        EXPECT_EQ(via_bad.value, reference_to(via_next, "*good.next"));
    } else {
        EXPECT_EQ(via_bad.status, ValueStatus::unreadable) << describe(*bad);
        EXPECT_EQ(via_next.value, reference_to(via_bad, "*bad"));
    }

    const Variable* good_ptr = expect_var_matching(f, "good_ptr", "local", "0x[0-9a-f]+");
    ASSERT_NE(good_ptr, nullptr);
    ASSERT_EQ(good_ptr->children.size(), 1u);
    EXPECT_EQ(good_ptr->children[0].value, reference_to(*good, "good")) << describe(*good_ptr);

    // A char pointer is printed with its text; where there is none, gdb says why.
    expect_var(f, "bad_text", "local", "0x10 <error: Cannot access memory at address 0x10>");
    EXPECT_EQ(thread.frames.back().function, "main");
}

INSTANTIATE_TEST_SUITE_P(Victims, Unreadable, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

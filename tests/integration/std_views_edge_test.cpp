// The views at their edges, in all four builds: a map of vectors of structs
// holding optionals, empty containers, containers at and past the item bound,
// and objects whose insides were overwritten (shown raw or unreadable, never
// as garbage elements, and without spending the capture's time).
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class StdViewsEdge : public ::testing::TestWithParam<std::string> {};

const Frame& edge_frame(const Report& report) {
    const Thread& thread = failing_thread(report);
    if (thread.frames.empty()) throw std::runtime_error("no frames");
    return thread.frames[0];
}

TEST_P(StdViewsEdge, Nested) {
    const Report report = capture_victim("std_views_edge", GetParam());
    const Frame& f = edge_frame(report);
    SCOPED_TRACE(describe(f));
    expect_frame(f, "std_views_edge_frame", "std_views_edge.cpp",
                 marker_line(victim_source("std_views_edge"), "CAPTURE-LINE"));
    const Variable* inventory = find_var(f, "inventory");
    ASSERT_NE(inventory, nullptr);
    EXPECT_TRUE(inventory->value.starts_with(
        "std::map with 2 elements = {[\"fruit\"] = std::vector of length 2, capacity 2 = {{name = "
        "\"apple\", count = std::optional<int> = {[contained value] = 3}}, {name = \"pear\", count = "
        "std::optional<int> [no contained value]}}"))
        << inventory->value;
    ASSERT_EQ(inventory->children.size(), 4u);
    EXPECT_EQ(inventory->children[0].value, "\"fruit\"");
    EXPECT_EQ(inventory->children[2].value, "\"tools\"");
    const Variable& tools = inventory->children[3];
    EXPECT_EQ(tools.kind, "value");
    EXPECT_EQ(tools.value, "std::vector of length 1, capacity 1 = {{name = \"saw\", count = "
                           "std::optional<int> = {[contained value] = 1}}}");
    ASSERT_EQ(tools.children.size(), 1u);
    const Variable* count = find_child(tools.children[0], "count");
    ASSERT_NE(count, nullptr);
    ASSERT_EQ(count->children.size(), 1u);
    EXPECT_EQ(count->children[0].name, "[contained value]");
    EXPECT_EQ(count->children[0].value, "1");
    // The map, its vectors and their items are objects of the graph.
    EXPECT_GE(inventory->node, 0);
    EXPECT_GE(tools.node, 0);
    EXPECT_GE(tools.children[0].node, 0);
    EXPECT_EQ(report.graph.nodes.at(static_cast<std::size_t>(tools.children[0].node)).path,
              "inventory[1].second[0]");
}

TEST_P(StdViewsEdge, Empty) {
    const Report report = capture_victim("std_views_edge", GetParam());
    const Frame& f = edge_frame(report);
    SCOPED_TRACE(describe(f));
    expect_var(f, "empty_text", "local", "\"\"");
    expect_var(f, "empty_vector", "local", "std::vector of length 0, capacity 0");
    expect_var(f, "empty_map", "local", "std::map with 0 elements");
    expect_var(f, "empty_set", "local", "std::set with 0 elements");
    expect_var(f, "empty_hash", "local", "std::unordered_map with 0 elements");
    expect_var(f, "empty_list", "local", "std::list with 0 elements");
    expect_var(f, "empty_deque", "local", "std::deque with 0 elements");
    expect_var(f, "empty_forward", "local", "std::forward_list with 0 elements");
    expect_var(f, "empty_optional", "local", "std::optional<int> [no contained value]");
    expect_var(f, "empty_shared", "local", "std::shared_ptr<int> (empty) = {get() = 0x0}");
    expect_var(f, "empty_unique", "local", "std::unique_ptr<int> = {get() = 0x0}");
    expect_var(f, "empty_function", "local",
               is_clang(GetParam()) ? "empty std::function<void ()>" : "empty std::function<void()>");
    expect_var(f, "empty_any", "local", "std::any [no contained value]");
    for (const char* name : {"empty_vector", "empty_map", "empty_list", "empty_any"})
        if (const Variable* v = find_var(f, name)) EXPECT_TRUE(v->children.empty()) << name;
}

TEST_P(StdViewsEdge, ItemBound) {
    const Report report = capture_victim("std_views_edge", GetParam());
    const Frame& f = edge_frame(report);
    SCOPED_TRACE(describe(f));
    // Exactly at the bound (32): every element, no marker.
    const Variable* at = find_var(f, "at_limit");
    ASSERT_NE(at, nullptr);
    EXPECT_EQ(at->status, ValueStatus::ok);
    ASSERT_EQ(at->children.size(), 32u);
    EXPECT_EQ(at->children[31].value, "31");
    EXPECT_TRUE(at->value.starts_with("std::vector of length 32, capacity 32 = {0, 1, 2,"));

    // Past it: the true size in the heading, 32 elements and the marker.
    const Variable* past = find_var(f, "past_limit");
    ASSERT_NE(past, nullptr);
    EXPECT_EQ(past->status, ValueStatus::truncated);
    EXPECT_TRUE(past->value.starts_with("std::vector of length 33, capacity 33 = {4, 4,"));
    EXPECT_TRUE(past->value.ends_with("4...}")) << past->value;
    ASSERT_EQ(past->children.size(), 33u);
    EXPECT_EQ(past->children[32].name, "...");
    EXPECT_EQ(past->children[32].value, "1 more");

    const Variable* map = find_var(f, "past_limit_map");
    ASSERT_NE(map, nullptr);
    EXPECT_EQ(map->status, ValueStatus::truncated);
    EXPECT_TRUE(map->value.starts_with("std::map with 40 elements = {[0] = 0, [1] = 1, [2] = 4,"));
    ASSERT_EQ(map->children.size(), 65u);  // 32 keys, 32 values, the marker
    EXPECT_EQ(map->children[63].value, "961");
    EXPECT_EQ(map->children[64].value, "8 more");

    const Variable* list = find_var(f, "past_limit_list");
    ASSERT_NE(list, nullptr);
    EXPECT_TRUE(list->value.starts_with("std::list with 35 elements = {[0] = 8,"));
    ASSERT_EQ(list->children.size(), 33u);
    EXPECT_EQ(list->children[32].value, "3 more");
}

TEST_P(StdViewsEdge, CorruptedObjectsAreRawOrUnreadable) {
    const Report report = capture_victim("std_views_edge", GetParam());
    const Frame& f = edge_frame(report);
    SCOPED_TRACE(describe(f));
    // Each lives in a union member `value`, never destroyed.
    auto inner = [&](const char* name) -> const Variable* {
        const Variable* v = find_var(f, name);
        return v ? find_child(*v, "value") : nullptr;
    };
    for (const char* name : {"unmapped_vector", "backwards_vector", "broken_list", "huge_map",
                             "broken_hash", "broken_shared"}) {
        const Variable* v = inner(name);
        ASSERT_NE(v, nullptr) << name;
        EXPECT_TRUE(v->value.starts_with("(raw) {")) << name << ": " << v->value;
        EXPECT_EQ(v->status, ValueStatus::ok) << name;
    }
    // A plausible length whose characters cannot be read.
    const Variable* dangling = inner("dangling_string");
    ASSERT_NE(dangling, nullptr);
    EXPECT_EQ(dangling->status, ValueStatus::unreadable);
    EXPECT_EQ(dangling->value, "<unreadable>");
    // Garbage costs no time: well inside the capture's bound, nothing cut.
    EXPECT_FALSE(report.capture.truncated);
    EXPECT_LT(report.capture.duration_ms, 2000.0);
}

INSTANTIATE_TEST_SUITE_P(Victims, StdViewsEdge, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

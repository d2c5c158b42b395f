// The captured object graph on the graph victim, in all four builds, read
// back from the capsule file: two owners of one shared_ptr meet at one node,
// a cycle ends in references, parent pointers lead back to the container's
// owner, and a base-class pointer shows the derived object.
#include <gtest/gtest.h>

#include <algorithm>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Graph : public ::testing::TestWithParam<std::string> {};

std::vector<const CapturedEdge*> edges_to(const CapturedGraph& graph, int node) {
    std::vector<const CapturedEdge*> out;
    for (const CapturedEdge& e : graph.edges)
        if (e.to == node) out.push_back(&e);
    return out;
}

std::string describe_graph(const CapturedGraph& graph) {
    std::string out;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i)
        out += "node " + std::to_string(i) + " " + graph.nodes[i].type + " via " +
               graph.nodes[i].path + ": " + graph.nodes[i].summary + "\n";
    for (const CapturedEdge& e : graph.edges)
        out += "edge " + std::to_string(e.from) + " (" + e.variable + ") -> " + std::to_string(e.to) +
               " " + e.path + "\n";
    return out;
}

TEST_P(Graph, SharedObjectsCyclesParentsAndDynamicTypes) {
    const Report report = capture_victim("graph", GetParam());
    const Thread& thread = failing_thread(report);
    ASSERT_FALSE(thread.frames.empty());
    const Frame& f = thread.frames[0];
    const CapturedGraph& graph = report.graph;
    SCOPED_TRACE(describe(f) + describe_graph(graph));
    expect_frame(f, "graph_frame", "graph.cpp", marker_line(victim_source("graph"), "CAPTURE-LINE"));
    EXPECT_FALSE(graph.truncated);
    auto node = [&](int id) -> const CapturedNode& { return graph.nodes.at(static_cast<std::size_t>(id)); };

    // Two owners of one shared_ptr: one node, two edges, one from each.
    const Variable* first = find_var(f, "first");
    const Variable* second = find_var(f, "second");
    ASSERT_TRUE(first && second);
    ASSERT_EQ(first->children.size(), 1u);
    ASSERT_EQ(second->children.size(), 1u);
    const int config = first->children[0].node;
    ASSERT_GE(config, 0);
    EXPECT_EQ(second->children[0].node, config);
    EXPECT_EQ(second->children[0].value, "-> @node " + std::to_string(config) + " (*first)");
    EXPECT_EQ(node(config).type, "Config");
    EXPECT_EQ(node(config).summary, "{name = \"primary\", retries = 3}");
    EXPECT_EQ(node(config).variable, "first");
    EXPECT_EQ(node(config).tid, thread.tid);
    EXPECT_EQ(node(config).frame, 0);
    std::vector<std::string> owners;
    for (const CapturedEdge* e : edges_to(graph, config)) {
        EXPECT_EQ(e->from, -1);
        owners.push_back(e->variable + ":" + e->path);
    }
    std::sort(owners.begin(), owners.end());
    EXPECT_EQ(owners, (std::vector<std::string>{"first:first", "second:second"}));

    // The cycle a <-> b: two nodes, each pointing at the other twice.
    const Variable* a = find_var(f, "a");
    const Variable* b = find_var(f, "b");
    ASSERT_TRUE(a && b);
    ASSERT_GE(a->node, 0);
    ASSERT_GE(b->node, 0);
    EXPECT_NE(a->node, b->node);
    EXPECT_EQ(node(a->node).summary.substr(0, 12), "{value = 1, ");
    EXPECT_EQ(node(b->node).summary.substr(0, 12), "{value = 2, ");
    std::vector<std::string> into_a, into_b;
    for (const CapturedEdge* e : edges_to(graph, a->node))
        into_a.push_back(std::to_string(e->from) + e->variable + ":" + e->path);
    for (const CapturedEdge* e : edges_to(graph, b->node))
        into_b.push_back(std::to_string(e->from) + e->variable + ":" + e->path);
    std::sort(into_a.begin(), into_a.end());
    std::sort(into_b.begin(), into_b.end());
    const std::string from_a = std::to_string(a->node), from_b = std::to_string(b->node);
    EXPECT_EQ(into_a, (std::vector<std::string>{"-1head:head", from_b + ":.next", from_b + ":.prev"}));
    EXPECT_EQ(into_b, (std::vector<std::string>{from_a + ":.next", from_a + ":.prev"}));
    // The walk ends at the reference back to a.
    const Variable* next = find_child(*a, "next");
    ASSERT_NE(next, nullptr);
    ASSERT_EQ(next->children.size(), 1u);
    const Variable* back = find_child(next->children[0], "next");
    ASSERT_NE(back, nullptr);
    ASSERT_EQ(back->children.size(), 1u);
    EXPECT_EQ(back->children[0].value, "-> @node " + from_a + " (a)");
    EXPECT_TRUE(back->children[0].children.empty());

    // Parent pointers from each leaf lead back to the tree.
    const Variable* tree = find_var(f, "tree");
    ASSERT_TRUE(tree && tree->node >= 0);
    std::vector<std::string> parents;
    for (const CapturedEdge* e : edges_to(graph, tree->node))
        if (e->from >= 0) parents.push_back(node(e->from).path + " " + e->path);
    std::sort(parents.begin(), parents.end());
    EXPECT_EQ(parents, (std::vector<std::string>{"tree.leaves[0] .parent", "tree.leaves[1] .parent"}));

    // A pointer to the base shows the derived object, marked as such.
    const Variable* shape = find_var(f, "shape");
    const Variable* base = find_var(f, "base");
    ASSERT_TRUE(shape && base);
    ASSERT_EQ(shape->children.size(), 1u);
    const Variable& circle = shape->children[0];
    EXPECT_EQ(circle.type, "Circle");
    EXPECT_TRUE(circle.value.starts_with("(Circle) {<Shape> = {_vptr")) << circle.value;
    EXPECT_TRUE(circle.value.ends_with("id = 7}, radius = 2.5}")) << circle.value;
    ASSERT_GE(circle.node, 0);
    EXPECT_EQ(node(circle.node).type, "Circle");
    ASSERT_EQ(base->children.size(), 1u);
    EXPECT_EQ(base->children[0].type, "Circle");
    EXPECT_EQ(base->children[0].node, circle.node);
    EXPECT_EQ(edges_to(graph, circle.node).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Victims, Graph, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

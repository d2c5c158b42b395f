// The explorer's object graph on hand-built value trees, where every address
// and edge is known.
#include <gtest/gtest.h>

#include "repo/object_graph.hpp"
#include "repo/value_paths.hpp"

namespace capsule::cli {
namespace {

Variable var(std::string name, std::string type, std::uint64_t address, std::string value = "",
             std::vector<Variable> children = {}, int node = -1) {
    Variable v;
    v.name = std::move(name);
    v.kind = "local";
    v.type = std::move(type);
    v.address = address;
    v.value = std::move(value);
    v.children = std::move(children);
    v.node = node;
    return v;
}

CapturedNode node(std::uint64_t address, std::string type, std::string path) {
    CapturedNode n;
    n.address = address;
    n.type = std::move(type);
    n.summary = "{...}";
    n.tid = 10;
    n.path = std::move(path);
    return n;
}

CapturedEdge edge(int from, int to, std::string path, std::string variable = "", int frame = 0) {
    CapturedEdge e;
    e.from = from;
    e.to = to;
    e.path = std::move(path);
    if (from < 0) {
        e.tid = 10;
        e.frame = frame;
        e.variable = variable;
    }
    return e;
}

// A list a -> b -> c on the heap, as a capture records it. Frame 0: `head`
// and `tail` point at a and c, `ref` refers to b, `count` is a number in a
// register. Frame 1: `holder` is an object whose member `items` (an object
// too) points at c in element [1]; `again` points at a.
Report list_report() {
    Report r;
    r.graph.nodes = {node(0x1000, "Node", "*head"), node(0x2000, "Node", "head->next"),
                     node(0x3000, "Node", "head->next->next"), node(0x7018, "Holder", "holder"),
                     node(0x7018, "std::vector<Node *>", "holder.items")};
    r.graph.edges = {edge(-1, 0, "head", "head"), edge(0, 1, ".next"),       edge(1, 2, ".next"),
                     edge(-1, 2, "tail", "tail"), edge(-1, 1, "ref", "ref"), edge(4, 2, "[1]"),
                     edge(-1, 0, "again", "again", 1)};
    Variable c = var("*next", "Node", 0x3000, "{v = 3}", {var("v", "int", 0x3000, "3")}, 2);
    Variable b = var("*next", "Node", 0x2000, "{v = 2}",
                     {var("v", "int", 0x2000, "2"), var("next", "Node *", 0x2008, "0x3000", {c})}, 1);
    Variable a = var("*head", "Node", 0x1000, "{v = 1}",
                     {var("v", "int", 0x1000, "1"), var("next", "Node *", 0x1008, "0x2000", {b})}, 0);
    Variable head = var("head", "Node *", 0x7000, "0x1000", {a});
    Variable tail = var("tail", "Node *", 0x7008, "0x3000", {var("*tail", "Node", 0x3000, "-> @node 2 (head->next->next)", {}, 2)});
    Variable ref = var("ref", "const Node &", 0x2000, "-> @node 1 (head->next)", {}, 1);
    Variable count = var("count", "int", 0, "3");
    Variable items = var("items", "std::vector<Node *>", 0x7018, "std::vector of length 2",
                         {var("[0]", "Node *", 0x5000, "0x0"),
                          var("[1]", "Node *", 0x5008, "0x3000", {var("*[1]", "Node", 0x3000, "-> @node 2", {}, 2)})},
                         4);
    Variable holder = var("holder", "Holder", 0x7018, "{...}", {items}, 3);
    Variable again = var("again", "Node *", 0x7030, "0x1000", {var("*again", "Node", 0x1000, "-> @node 0", {}, 0)});
    Frame inner;
    inner.function = "walk(Node*)";
    inner.vars = {head, tail, ref, count};
    Frame outer;
    outer.function = "main";
    outer.vars = {holder, again};
    Thread t;
    t.tid = 10;
    t.failing = true;
    t.frames = {inner, outer};
    r.threads = {t};
    return r;
}

TEST(ObjectGraph, VariablesAreObjectsOrPointToThem) {
    const Report report = list_report();
    const ObjectGraph graph(report);
    ASSERT_EQ(graph.nodes().size(), 5u);
    EXPECT_EQ(graph.frame_variable(10, 0, "head"), std::optional<std::size_t>(0));  // points to a
    EXPECT_EQ(graph.frame_variable(10, 0, "ref"), std::optional<std::size_t>(1));   // is b
    EXPECT_EQ(graph.frame_variable(10, 0, "count"), std::nullopt);                  // no object
    EXPECT_EQ(graph.frame_variable(10, 1, "holder"), std::optional<std::size_t>(3));
    EXPECT_EQ(graph.frame_variable(10, 1, "head"), std::nullopt);  // another frame's
    ASSERT_EQ(graph.nodes()[1].roots.size(), 1u);
    EXPECT_EQ(graph.nodes()[1].roots[0].name, "ref");
    // Each node's value is the capture that holds it, not a reference to it.
    EXPECT_EQ(graph.nodes()[2].value->value, "{v = 3}");
    EXPECT_EQ(graph.nodes()[1].value->value, "{v = 2}");
    EXPECT_EQ(graph.by_name("head->next"), std::optional<std::size_t>(1));
    EXPECT_EQ(graph.at_address(0x7018), (std::vector<std::size_t>{3, 4}));
}

TEST(ObjectGraph, PointersInAndOut) {
    const Report report = list_report();
    const ObjectGraph graph(report);
    std::vector<std::string> into_c;
    for (const GraphEdge* e : graph.in_edges(2))
        into_c.push_back((e->from ? graph.nodes()[*e->from].name : "variable " + e->root.name) + " " + e->label);
    EXPECT_EQ(into_c, (std::vector<std::string>{"head->next .next", "variable tail tail", "holder.items [1]"}));
    // Members are not pointers: holder points to nothing, its items do.
    EXPECT_TRUE(graph.out_edges(3).empty());
    ASSERT_EQ(graph.out_edges(4).size(), 1u);
    EXPECT_EQ(graph.out_edges(4)[0]->to, 2u);
    const auto top = graph.most_referenced(1);
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0], std::make_pair(std::size_t{2}, std::size_t{3}));
}

TEST(ObjectGraph, ShortestPathsFromFrameVariables) {
    const Report report = list_report();
    const ObjectGraph graph(report);
    // c: tail points to it, one step, whichever frame is current.
    for (std::size_t frame : {0u, 1u}) {
        const auto path = graph.path_to(2, 10, frame);
        ASSERT_TRUE(path.has_value());
        EXPECT_EQ(path->root.name, "tail");
        EXPECT_FALSE(path->start.has_value());
        ASSERT_EQ(path->steps.size(), 1u);
        EXPECT_EQ(path->steps[0]->label, "tail");
    }
    // items: a member of holder, which is a variable itself.
    auto path = graph.path_to(4, 10, 0);
    ASSERT_TRUE(path.has_value());
    EXPECT_EQ(path->root.name, "holder");
    EXPECT_EQ(path->start, std::optional<std::size_t>(3));
    ASSERT_EQ(path->steps.size(), 1u);
    EXPECT_TRUE(path->steps[0]->member);
    EXPECT_EQ(path->steps[0]->label, ".items");
    // b is the variable ref: no steps.
    path = graph.path_to(1, 10, 0);
    ASSERT_TRUE(path.has_value());
    EXPECT_EQ(path->root.name, "ref");
    EXPECT_TRUE(path->steps.empty());
    EXPECT_EQ(path->start, std::optional<std::size_t>(1));
    // a: as near from head (frame 0) as from again (frame 1): the current frame wins.
    EXPECT_EQ(graph.path_to(0, 10, 0)->root.name, "head");
    EXPECT_EQ(graph.path_to(0, 10, 1)->root.name, "again");
}

TEST(ObjectGraph, ACapsuleWithoutAGraph) {
    Report r = list_report();
    r.graph = {};
    for (Thread& t : r.threads)
        for (Frame& f : t.frames)
            for (Variable& v : f.vars) v.node = -1;
    const ObjectGraph graph(r);
    EXPECT_TRUE(graph.nodes().empty());
    EXPECT_EQ(graph.frame_variable(10, 0, "head"), std::nullopt);
    EXPECT_TRUE(graph.most_referenced(10).empty());
}

TEST(ValuePaths, SpelledAsCxx) {
    Variable x = var("x", "int", 0, "7");
    Variable element = var("[1]", "Point", 0, "", {x});
    Variable items = var("items", "std::vector<Point>", 0, "", {element});
    std::vector<PathedValue> flat;
    flatten(items, "items", flat);
    ASSERT_EQ(flat.size(), 3u);
    EXPECT_EQ(flat[2].path, "items[1].x");
    Variable next = var("next", "Node *", 0, "0x10", {var("*next", "Node", 0x10, "", {var("v", "int", 0, "1")})});
    flat.clear();
    flatten(next, "(*head).next", flat);
    EXPECT_EQ(flat.back().path, "(*(*head).next).v");

    EXPECT_EQ(without_addresses("0x7ffe8e7a2c00"), "0x...");
    EXPECT_EQ(without_addresses("0x0"), "0x0");
    EXPECT_EQ(without_addresses("{get() = 0x55acc83a13c0}"), "{get() = 0x...}");
    EXPECT_EQ(without_addresses("0x4006f4 \"text 0x1234\""), "0x... \"text 0x1234\"");
    EXPECT_EQ(without_addresses("abc0x12"), "abc0x12");
    EXPECT_EQ(without_addresses("42"), "42");
}

}  // namespace
}  // namespace capsule::cli

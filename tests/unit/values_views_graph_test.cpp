// The object graph: the builder's keys, bounds and edges; summaries taken
// from the (masked) value tree; and the graph in capsule.json and
// manifest.yaml, read back as hostile input.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "capsule/file.hpp"
#include "graph/builder.hpp"

namespace capsule {
namespace {

std::string json_error(const std::string& json) {
    try {
        report_from_json(json);
    } catch (const FormatError& e) {
        return e.what();
    }
    return "";
}

TEST(GraphBuilder, OneNodePerAddressAndType) {
    graph::Builder builder;
    builder.begin_frame(42, 0);
    const int list = builder.add(0x1000, "List", "list", "list");
    // The first member of the object: same address, another type, another node.
    const int head = builder.add(0x1000, "Node", "list", "list.head");
    EXPECT_NE(list, head);
    builder.begin_frame(42, 3);
    // Reached again from another frame: the node of the first way.
    EXPECT_EQ(builder.add(0x1000, "List", "other", "*other"), list);
    EXPECT_EQ(builder.find(0x1000, "Node"), head);
    EXPECT_EQ(builder.find(0x2000, "Node"), -1);
    const CapturedNode& n = builder.node(list);
    EXPECT_EQ(n.variable, "list");
    EXPECT_EQ(n.path, "list");
    EXPECT_EQ(n.frame, 0);
    EXPECT_EQ(n.tid, 42);
}

TEST(GraphBuilder, EdgesFromNodesAndVariablesOnceEach) {
    graph::Builder builder;
    builder.begin_frame(7, 1);
    const int a = builder.add(0x10, "Node", "a", "a");
    const int b = builder.add(0x20, "Node", "a", "*a.next");
    builder.link(a, "a", b, ".next");
    builder.link(b, "a", a, ".prev");
    builder.link(a, "a", b, ".next");     // the same edge again
    builder.link(-1, "head", a, "head");  // from a frame variable
    builder.link(-1, "head", a, "head");
    builder.link(-1, "head", 99, "head");  // no such node: dropped
    const CapturedGraph g = builder.take();
    ASSERT_EQ(g.edges.size(), 3u);
    EXPECT_EQ(g.edges[0].from, a);
    EXPECT_EQ(g.edges[0].to, b);
    EXPECT_EQ(g.edges[0].path, ".next");
    EXPECT_TRUE(g.edges[0].variable.empty());  // only edges from variables name one
    EXPECT_EQ(g.edges[2].from, -1);
    EXPECT_EQ(g.edges[2].variable, "head");
    EXPECT_EQ(g.edges[2].tid, 7);
    EXPECT_EQ(g.edges[2].frame, 1);
    EXPECT_FALSE(g.truncated);
    // take() leaves the builder empty.
    EXPECT_EQ(builder.find(0x10, "Node"), -1);
}

TEST(GraphBuilder, BoundsMarkTheGraphTruncated) {
    graph::Builder builder(2, 1);
    EXPECT_EQ(builder.add(0x10, "A", "v", "v"), 0);
    EXPECT_EQ(builder.add(0x20, "A", "v", "v.x"), 1);
    EXPECT_EQ(builder.add(0x30, "A", "v", "v.y"), -1);
    EXPECT_EQ(builder.add(0x10, "A", "w", "w"), 0);  // known ones are still found
    builder.link(0, "v", 1, ".x");
    builder.link(1, "v", 0, ".back");
    const CapturedGraph g = builder.take();
    EXPECT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(g.edges.size(), 1u);
    EXPECT_TRUE(g.truncated);
}

Variable var(std::string name, std::string value, int node, std::vector<Variable> children = {}) {
    Variable v;
    v.name = std::move(name);
    v.value = std::move(value);
    v.node = node;
    v.children = std::move(children);
    return v;
}

TEST(GraphSummaries, FirstFullValueInReadingOrder) {
    Report r;
    r.graph.nodes.resize(3);
    r.graph.nodes[2].summary = "stale";
    Frame inner, outer;
    // Node 1 is met first as a reference, then in full.
    inner.vars = {var("p", "0x20", -1, {var("*p", "-> @node 1 (*q)", 1)}),
                  var("q", "0x20", -1, {var("*q", "{v = 2}", 1)})};
    outer.vars = {var("list", "{head = 0x20}", 0, {var("head", "0x20", -1)}),
                  var("copy", "{v = 9}", 1)};
    Thread t;
    t.frames = {inner, outer};
    r.threads = {t};
    graph::take_summaries(r);
    EXPECT_EQ(r.graph.nodes[0].summary, "{head = 0x20}");
    EXPECT_EQ(r.graph.nodes[1].summary, "{v = 2}");
    EXPECT_EQ(r.graph.nodes[2].summary, "");  // nothing in the tree shows it (masked away)
}

Report graph_report() {
    Report r;
    CapturedNode config;
    config.address = 0x5000;
    config.type = "Config";
    config.summary = "{n = 1}";
    config.tid = 11;
    config.frame = 2;
    config.variable = "first";
    config.path = "*first";
    r.graph.nodes = {config, config};
    r.graph.nodes[1].address = 0x6000;
    r.graph.nodes[1].path = "*first->next";
    CapturedEdge from_var;
    from_var.from = -1;
    from_var.tid = 11;
    from_var.frame = 2;
    from_var.variable = "second";
    from_var.to = 0;
    from_var.path = "second";
    CapturedEdge from_node;
    from_node.from = 0;
    from_node.to = 1;
    from_node.path = ".next";
    r.graph.edges = {from_var, from_node};
    r.graph.truncated = true;
    Frame f;
    f.vars = {var("second", "std::shared_ptr<Config>", -1, {var("*get()", "-> @node 0 (*first)", 0)})};
    Thread t;
    t.frames = {f};
    r.threads = {t};
    return r;
}

TEST(GraphFormat, RoundTripsThroughCapsuleJson) {
    const Report r = report_from_json(report_to_json(graph_report()));
    ASSERT_EQ(r.graph.nodes.size(), 2u);
    EXPECT_EQ(r.graph.nodes[0].address, 0x5000u);
    EXPECT_EQ(r.graph.nodes[0].type, "Config");
    EXPECT_EQ(r.graph.nodes[0].summary, "{n = 1}");
    EXPECT_EQ(r.graph.nodes[0].tid, 11);
    EXPECT_EQ(r.graph.nodes[0].frame, 2);
    EXPECT_EQ(r.graph.nodes[0].variable, "first");
    EXPECT_EQ(r.graph.nodes[1].path, "*first->next");
    ASSERT_EQ(r.graph.edges.size(), 2u);
    EXPECT_EQ(r.graph.edges[0].from, -1);
    EXPECT_EQ(r.graph.edges[0].variable, "second");
    EXPECT_EQ(r.graph.edges[0].frame, 2);
    EXPECT_EQ(r.graph.edges[1].from, 0);
    EXPECT_EQ(r.graph.edges[1].to, 1);
    EXPECT_EQ(r.graph.edges[1].path, ".next");
    EXPECT_TRUE(r.graph.truncated);
    EXPECT_EQ(r.threads.at(0).frames.at(0).vars.at(0).node, -1);
    EXPECT_EQ(r.threads[0].frames[0].vars[0].children.at(0).node, 0);

    // A capsule without a graph (an older writer) reads as an empty one.
    const Report none = report_from_json(R"({"threads":[]})");
    EXPECT_TRUE(none.graph.nodes.empty());
    EXPECT_FALSE(none.graph.truncated);
}

TEST(GraphFormat, ManifestCountsObjects) {
    const YAML::Node m = YAML::Load(report_to_manifest_yaml(graph_report()));
    EXPECT_EQ(m["counts"]["objects"].as<int>(), 2);
}

TEST(GraphFormat, HostileGraphsAreRefused) {
    EXPECT_EQ(json_error(R"({"graph":[]})"), "capsule.json: graph: expected an object, got an array");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[5]}})"),
              "capsule.json: graph.nodes[0]: expected an object, got an integer");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{"address":12}]}})"),
              "capsule.json: graph.nodes[0].address: expected a \"0x...\" string, got an integer");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{}],"edges":[{"from":-1,"to":1}]}})"),
              "capsule.json: graph.edges[0].to: no graph node 1");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{}],"edges":[{"from":-2,"to":0}]}})"),
              "capsule.json: graph.edges[0].from: no graph node -2");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{}],"edges":[{"from":0}]}})"),
              "capsule.json: graph.edges[0]: an edge needs \"to\"");
    EXPECT_EQ(json_error(R"({"graph":{"edges":[{"from":0,"to":0,"path":1}]}})"),
              "capsule.json: graph.edges[0].from: no graph node 0");
    EXPECT_EQ(json_error(R"({"graph":{"truncated":"yes"}})"),
              "capsule.json: graph.truncated: expected a boolean, got a string");
    // A value that names a node the graph does not have.
    EXPECT_EQ(json_error(R"({"threads":[{"frames":[{"vars":[{"name":"x","node":0}]}]}]})"),
              "capsule.json: threads[0].frames[0].vars[0].node: no graph node 0");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{}]},"threads":[{"frames":[{"vars":[{"node":-3}]}]}]})"),
              "capsule.json: threads[0].frames[0].vars[0].node: no graph node -3");
    EXPECT_EQ(json_error(R"({"graph":{"nodes":[{}]},"threads":[{"frames":[{"vars":[{"node":0}]}]}]})"), "");
}

}  // namespace
}  // namespace capsule

// The values reader with its graph on this binary's own globals: dynamic
// types through a second base, a reference back into the object being read,
// paths and edges through pointers and containers, the node bound, and
// container links corrupted into loops (shown raw, after a bounded number of
// reads).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <forward_list>
#include <list>
#include <map>
#include <unordered_map>
#include <vector>

#include "values_views_support.hpp"

namespace views_fixture {

struct Named {
    virtual ~Named() = default;
    int tag = 1;
};
struct Sized {
    virtual ~Sized() = default;
    long size = 2;
};
struct Both : Named, Sized {
    int both = 3;
};
Both gv_both;
// Points into gv_both, at its Sized part.
Sized* gv_sized = &gv_both;

struct Parent;
struct ChildRef {
    Parent& parent;
    int id;
};
struct Parent {
    int level = 4;
    ChildRef child{*this, 5};
};
Parent gv_parent;

struct Link {
    int value;
    Link* next;
};
Link gv_tail{3, nullptr};
Link gv_mid{2, &gv_tail};
Link gv_head{1, &gv_mid};
struct Holder {
    Link* first;
    std::vector<Link*> all;
};
Holder gv_holder{&gv_head, {&gv_head, &gv_mid, &gv_tail}};

std::list<int> gv_list{1, 2, 3};
std::map<int, int> gv_map{{1, 10}, {2, 20}, {3, 30}};
std::unordered_map<int, int> gv_hash{{1, 10}};
std::forward_list<int> gv_forward{1, 2};

}  // namespace views_fixture

namespace {

using capsule::Bounds;
using capsule::ValueStatus;
using capsule::Variable;
using capsule::dwarf::Location;
using views_test::address_of;
using views_test::Program;
using views_test::Read;

std::string hex(std::uint64_t v) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%" PRIx64, v);
    return text;
}

const Variable* child(const Variable& v, std::string_view name) {
    for (const Variable& c : v.children)
        if (c.name == name) return &c;
    return nullptr;
}

TEST(ValuesViewsLayout, DynamicTypeThroughASecondBase) {
    Read read;
    const Variable v = read.global("gv_sized");
    // gdb's symbol suffix: the pointer leads 16 bytes into gv_both.
    EXPECT_EQ(v.value, hex(address_of("gv_both") + 16) + " <views_fixture::gv_both+16>");
    ASSERT_EQ(v.children.size(), 1u);
    const Variable& object = v.children[0];
    EXPECT_EQ(object.name, "*gv_sized");
    EXPECT_EQ(object.type, "views_fixture::Both");
    // The whole object, where it starts: offset-to-top from the vtable.
    EXPECT_EQ(object.address, address_of("gv_both"));
    EXPECT_TRUE(object.value.starts_with("(views_fixture::Both) {<views_fixture::Named> = {_vptr.Named = "))
        << object.value;
    const Variable* both = child(object, "both");
    ASSERT_NE(both, nullptr);
    EXPECT_EQ(both->value, "3");
    // The vtable pointers name the most derived class's vtable, as gdb does.
    EXPECT_NE(object.value.find("<vtable for views_fixture::Both+16>"), std::string::npos)
        << object.value;
    const capsule::CapturedGraph graph = read.graph();
    ASSERT_EQ(graph.nodes.size(), 1u);
    EXPECT_EQ(graph.nodes[0].type, "views_fixture::Both");
    EXPECT_EQ(graph.nodes[0].address, address_of("gv_both"));
}

TEST(ValuesViewsLayout, ReferenceBackIntoTheObjectBeingRead) {
    Read read;
    const Variable v = read.global("gv_parent");
    ASSERT_GE(v.node, 0);
    const Variable* c = child(v, "child");
    ASSERT_NE(c, nullptr);
    const Variable* parent = child(*c, "parent");
    ASSERT_NE(parent, nullptr);
    // A reference member prints as gdb's "@0x..."; the object it refers to
    // is its child, and that object is the one being read: a reference to
    // its node, not a second copy.
    EXPECT_EQ(parent->value, "@" + hex(address_of("gv_parent")));
    EXPECT_EQ(parent->address, address_of("gv_parent"));
    ASSERT_EQ(parent->children.size(), 1u);
    EXPECT_EQ(parent->children[0].value, "-> @node " + std::to_string(v.node) + " (gv_parent)");
    EXPECT_EQ(parent->children[0].node, v.node);
    EXPECT_EQ(v.value, "{level = 4, child = {parent = @" + hex(address_of("gv_parent")) +
                           ", id = 5}}");
    const capsule::CapturedGraph graph = read.graph();
    ASSERT_EQ(graph.edges.size(), 1u);
    EXPECT_EQ(graph.edges[0].from, c->node);
    EXPECT_EQ(graph.edges[0].to, v.node);
    EXPECT_EQ(graph.edges[0].path, ".parent");
}

TEST(ValuesViewsLayout, PathsAndEdgesThroughPointersAndContainers) {
    Bounds bounds;
    bounds.max_depth = 8;
    bounds.pointer_depth = 3;
    Read read(bounds);
    const Variable v = read.global("gv_holder");
    // A second variable reaching the same objects: read as itself, but no new
    // node and no edge that is there already.
    const Variable head = read.global("gv_head");
    const capsule::CapturedGraph graph = read.graph();
    std::vector<std::string> nodes;
    for (const capsule::CapturedNode& n : graph.nodes) nodes.push_back(n.type + " " + n.path);
    EXPECT_EQ(nodes, (std::vector<std::string>{
                         "views_fixture::Holder gv_holder",
                         "views_fixture::Link *gv_holder.first",
                         "views_fixture::Link *gv_holder.first->next",
                         "views_fixture::Link *gv_holder.first->next->next",
                         "std::vector<views_fixture::Link*, std::allocator<views_fixture::Link*> > "
                         "gv_holder.all",
                     }));
    std::vector<std::string> edges;
    for (const capsule::CapturedEdge& e : graph.edges)
        edges.push_back(std::to_string(e.from) + " " + e.path + " " + std::to_string(e.to));
    EXPECT_EQ(edges, (std::vector<std::string>{"2 .next 3", "1 .next 2", "0 .first 1", "4 [0] 1",
                                               "4 [1] 2", "4 [2] 3"}));
    // The vector's pointers lead to objects read before: references, not copies.
    const Variable* all = child(v, "all");
    ASSERT_NE(all, nullptr);
    ASSERT_EQ(all->children.size(), 3u);
    ASSERT_EQ(all->children[2].children.size(), 1u);
    EXPECT_EQ(all->children[2].children[0].value, "-> @node 3 (*gv_holder.first->next->next)");
    EXPECT_EQ(head.node, 1);
    const Variable* next = child(head, "next");
    ASSERT_NE(next, nullptr);
    ASSERT_EQ(next->children.size(), 1u);
    EXPECT_EQ(next->children[0].value, "-> @node 2 (*gv_holder.first->next)");
}

TEST(ValuesViewsLayout, NodeBoundLeavesValuesAndMarksTheGraph) {
    Bounds bounds;
    bounds.max_depth = 8;
    bounds.pointer_depth = 3;
    Read read(bounds, 2);
    const Variable v = read.global("gv_holder");
    const capsule::CapturedGraph graph = read.graph();
    EXPECT_EQ(graph.nodes.size(), 2u);
    EXPECT_TRUE(graph.truncated);
    // The values do not depend on the graph.
    const Variable* first = child(v, "first");
    ASSERT_NE(first, nullptr);
    ASSERT_EQ(first->children.size(), 1u);
    EXPECT_EQ(first->children[0].value.substr(0, 12), "{value = 1, ");
}

TEST(ValuesViewsLayout, ObjectsOutsideMemoryAreNoNodes) {
    Read read;
    Dwarf_Die type = Program::instance().global("gv_tail").type;
    capsule::dwarf::Piece value;
    value.kind = capsule::dwarf::Piece::Kind::bytes;
    value.bytes = {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Location location;
    location.pieces = {value};
    const Variable v = read.at(&type, location, "in_registers");
    EXPECT_EQ(v.value, "{value = 9, next = 0x0}");
    EXPECT_EQ(v.node, -1);
    EXPECT_TRUE(read.graph().nodes.empty());
}

// Copies of a container's bytes with one link bent back into a loop.
template <std::size_t N>
Variable read_copy(const char* global, const std::uint64_t (&words)[N]) {
    Dwarf_Die type = Program::instance().global(global).type;
    Read read;
    return read.at(&type, Location::memory(reinterpret_cast<std::uint64_t>(words)), "copy");
}

TEST(ValuesViewsLayout, LoopedLinksAreRawAfterFewReads) {
    auto& target = Program::instance().target();
    // std::list: header {next, prev}, size; one node whose next is itself.
    alignas(8) std::uint64_t node[3] = {0, 0, 7};
    node[0] = reinterpret_cast<std::uint64_t>(node);
    alignas(8) std::uint64_t list[3] = {node[0], node[0], 3};
    target.reads = 0;
    Variable v = read_copy("gv_list", list);
    EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;
    EXPECT_LT(target.reads, 40);

    // std::map: compare, header {color, parent, left, right}, count; a node
    // that is its own right child.
    alignas(8) std::uint64_t tree_node[6] = {0, 0, 0, 0, 5, 50};
    tree_node[3] = reinterpret_cast<std::uint64_t>(tree_node);
    alignas(8) std::uint64_t map[6] = {0, 0, tree_node[3], tree_node[3], tree_node[3], 3};
    tree_node[1] = reinterpret_cast<std::uint64_t>(map) + 8;  // parent: the header
    target.reads = 0;
    v = read_copy("gv_map", map);
    EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;
    EXPECT_LT(target.reads, 40);

    // std::unordered_map: _M_before_begin's chain loops at its second node.
    alignas(8) std::uint64_t hash_b[2] = {0, 0};
    alignas(8) std::uint64_t hash_a[2] = {reinterpret_cast<std::uint64_t>(hash_b), 0};
    hash_b[0] = reinterpret_cast<std::uint64_t>(hash_a);
    // _M_buckets, _M_bucket_count, _M_before_begin, _M_element_count, ...
    alignas(8) std::uint64_t hash[7] = {0, 1, reinterpret_cast<std::uint64_t>(hash_a), 5, 0, 0, 0};
    target.reads = 0;
    v = read_copy("gv_hash", hash);
    EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;
    EXPECT_LT(target.reads, 40);

    // std::forward_list: no size to trust, the walk itself must stop.
    alignas(8) std::uint64_t forward_node[2] = {0, 4};
    forward_node[0] = reinterpret_cast<std::uint64_t>(forward_node);
    alignas(8) std::uint64_t forward[1] = {forward_node[0]};
    target.reads = 0;
    v = read_copy("gv_forward", forward);
    EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;
    EXPECT_LT(target.reads, 40);
}

TEST(ValuesViewsLayout, IntactContainersForComparison) {
    Read read;
    EXPECT_EQ(read.global("gv_list").value, "std::list with 3 elements = {[0] = 1, [1] = 2, [2] = 3}");
    EXPECT_EQ(read.global("gv_map").value, "std::map with 3 elements = {[1] = 10, [2] = 20, [3] = 30}");
    EXPECT_EQ(read.global("gv_hash").value, "std::unordered_map with 1 element = {[1] = 10}");
    EXPECT_EQ(read.global("gv_forward").value, "std::forward_list with 2 elements = {[0] = 1, [1] = 2}");
}

}  // namespace

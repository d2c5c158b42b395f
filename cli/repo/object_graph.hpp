// The explorer's view of a capsule's object graph. The capture records the
// graph itself (Report::graph): every struct, class, union or container read
// from memory is one node, keyed by address and type, so that two ways to one
// object meet at one node; every pointer, reference or smart pointer followed
// is an edge, from the object that holds it or from a frame variable. This
// adds what the value tree knows: which frame variables are an object
// themselves, each node's captured value, and which objects are members or
// elements of others (for paths that go through members).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli {

// A variable of one frame of one thread.
struct GraphRoot {
    long tid = 0;
    std::size_t frame = 0;
    std::string name;
};

struct GraphNode {
    std::size_t id = 0;
    std::uint64_t address = 0;
    std::string type;
    std::string summary;
    std::string name;                 // the expression it was first reached by: *head->next
    const Variable* value = nullptr;  // its captured value with members; nullptr when none is left
    std::vector<GraphRoot> roots;     // frame variables that are this object (or refer to it)
};

struct GraphEdge {
    std::optional<std::size_t> from;  // none: from the frame variable `root`
    GraphRoot root;
    std::size_t to = 0;
    // Inside `from`: ".next", "[2]"; from a frame variable, the expression
    // from it: "head", "list.head".
    std::string label;
    bool member = false;  // `to` is a member or element of `from`, not pointed to
};

struct GraphPath {
    GraphRoot root;
    std::optional<std::size_t> start;  // the root's own node, when the variable is an object
    std::vector<const GraphEdge*> steps;
};

class ObjectGraph {
public:
    // Keeps pointers into `report`, which must outlive the graph.
    explicit ObjectGraph(const Report& report);

    const std::vector<GraphNode>& nodes() const { return nodes_; }
    bool truncated() const { return truncated_; }
    // Pointers to the node, and pointers from it (members left out).
    std::vector<const GraphEdge*> out_edges(std::size_t node) const;
    std::vector<const GraphEdge*> in_edges(std::size_t node) const;
    std::vector<std::size_t> at_address(std::uint64_t address) const;
    // The object a frame variable is, or else the one it points to.
    std::optional<std::size_t> frame_variable(long tid, std::size_t frame, const std::string& name) const;
    std::optional<std::size_t> by_name(const std::string& name) const;

    // The fewest steps (pointers followed, members entered) from any frame
    // variable to `target`; among equally short ones, a variable of (tid,
    // frame) wins. nullopt when no frame variable leads there.
    std::optional<GraphPath> path_to(std::size_t target, long tid, std::size_t frame) const;

    // Nodes by the number of pointers to them, most first; only nodes with some.
    std::vector<std::pair<std::size_t, std::size_t>> most_referenced(std::size_t limit) const;

private:
    void walk(const Variable& var, std::optional<std::size_t> owner, const std::string& relative);
    void add_edge(GraphEdge edge);

    std::vector<GraphNode> nodes_;
    std::vector<GraphEdge> edges_;
    std::vector<std::vector<std::size_t>> out_;  // node -> edge indices, members included
    std::vector<std::vector<std::size_t>> in_;
    std::vector<std::size_t> from_roots_;        // edges that start at a frame variable
    bool truncated_ = false;
};

// "-> @node 5 (third)": a value that only refers to an object captured elsewhere.
bool is_node_reference(const Variable& var);

}  // namespace capsule::cli

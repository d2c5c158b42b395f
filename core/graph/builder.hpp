// The object graph of one capture, built while the values are read: every
// struct, class, union or container read from memory becomes one node, keyed
// by address and type, so that two ways to one object meet at one node; every
// pointer, reference or smart pointer between them becomes an edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "capsule/report.hpp"

namespace capsule::graph {

// A capture reads at most Bounds::max_values value nodes; the graph holds far
// fewer objects than that in practice, and never more than these.
inline constexpr std::size_t default_max_nodes = 8192;
inline constexpr std::size_t default_max_edges = 16384;

class Builder {
public:
    explicit Builder(std::size_t max_nodes = default_max_nodes,
                     std::size_t max_edges = default_max_edges)
        : max_nodes_(max_nodes), max_edges_(max_edges) {}

    // The variables read from now on belong to this frame of this thread.
    void begin_frame(long tid, int frame) {
        tid_ = tid;
        frame_ = frame;
    }

    // The node of the object of `type` at `address`; -1 when there is none.
    int find(std::uint64_t address, const std::string& type) const;

    // The node of the object, created when new with `variable` (of the current
    // frame) and `path` as the way it was first reached. -1 when the bound on
    // nodes is reached (the graph is then marked truncated).
    int add(std::uint64_t address, const std::string& type, const std::string& variable,
            const std::string& path);

    // An edge to node `to` from node `from`, or, when `from` is -1, from
    // `variable` of the current frame. The same edge twice is kept once.
    void link(int from, const std::string& variable, int to, const std::string& path);

    const CapturedNode& node(int id) const { return graph_.nodes.at(static_cast<std::size_t>(id)); }
    std::size_t node_count() const { return graph_.nodes.size(); }

    // The graph so far; the builder is empty afterwards.
    CapturedGraph take();

private:
    std::size_t max_nodes_;
    std::size_t max_edges_;
    long tid_ = 0;
    int frame_ = 0;
    CapturedGraph graph_;
    std::map<std::pair<std::uint64_t, std::string>, int> index_;
    // (from, tid, frame, variable, to, path); tid, frame and variable only
    // for edges that start at a frame variable.
    std::set<std::tuple<int, long, int, std::string, int, std::string>> edges_seen_;
};

// Copies each node's summary from the value tree: the first value that holds
// the object itself rather than a "-> @node" reference to it. Called after
// masking, so that a summary never shows what the tree hides.
void take_summaries(Report& report);

}  // namespace capsule::graph

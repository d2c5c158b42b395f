#include "repo/object_graph.hpp"

#include <algorithm>
#include <limits>

namespace capsule::cli {
namespace {

bool is_pointee(const Variable& child) { return !child.name.empty() && child.name.front() == '*'; }

std::string member_label(const std::string& relative, const Variable& child) {
    if (!child.name.empty() && child.name.front() == '[') return relative + child.name;
    return relative + "." + child.name;
}

bool same_root(const GraphRoot& a, long tid, std::size_t frame) { return a.tid == tid && a.frame == frame; }

}  // namespace

bool is_node_reference(const Variable& var) { return var.value.rfind("-> @node ", 0) == 0; }

ObjectGraph::ObjectGraph(const Report& report) : truncated_(report.graph.truncated) {
    const CapturedGraph& graph = report.graph;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const CapturedNode& n = graph.nodes[i];
        GraphNode node;
        node.id = i;
        node.address = n.address;
        node.type = n.type;
        node.summary = n.summary;
        node.name = n.path.empty() ? n.variable : n.path;
        nodes_.push_back(std::move(node));
    }
    out_.resize(nodes_.size());
    in_.resize(nodes_.size());
    for (const CapturedEdge& e : graph.edges) {
        GraphEdge edge;
        if (e.from >= 0) edge.from = static_cast<std::size_t>(e.from);
        else edge.root = {e.tid, static_cast<std::size_t>(std::max(e.frame, 0)), e.variable};
        edge.to = static_cast<std::size_t>(e.to);
        edge.label = e.path;
        add_edge(std::move(edge));
    }
    for (const Thread& thread : report.threads) {
        for (std::size_t f = 0; f < thread.frames.size(); ++f) {
            for (const Variable& var : thread.frames[f].vars) {
                std::optional<std::size_t> owner;
                if (var.node >= 0 && static_cast<std::size_t>(var.node) < nodes_.size()) {
                    owner = static_cast<std::size_t>(var.node);
                    nodes_[*owner].roots.push_back({thread.tid, f, var.name});
                    if (!nodes_[*owner].value && !is_node_reference(var)) nodes_[*owner].value = &var;
                }
                walk(var, owner, "");
            }
        }
    }
}

// Finds each node's captured value, and the members and elements that are
// objects of their own (the graph records only pointers).
void ObjectGraph::walk(const Variable& var, std::optional<std::size_t> owner, const std::string& relative) {
    for (const Variable& child : var.children) {
        const bool node = child.node >= 0 && static_cast<std::size_t>(child.node) < nodes_.size();
        if (!node) {
            walk(child, owner, is_pointee(child) ? std::string() : member_label(relative, child));
            continue;
        }
        const auto id = static_cast<std::size_t>(child.node);
        if (!nodes_[id].value && !is_node_reference(child)) nodes_[id].value = &child;
        if (owner && !is_pointee(child) && *owner != id) {
            GraphEdge edge;
            edge.from = owner;
            edge.to = id;
            edge.label = member_label(relative, child);
            edge.member = true;
            add_edge(std::move(edge));
        }
        walk(child, id, "");
    }
}

void ObjectGraph::add_edge(GraphEdge edge) {
    if (edge.to >= nodes_.size() || (edge.from && *edge.from >= nodes_.size())) return;
    if (edge.from) {
        for (std::size_t e : out_[*edge.from])
            if (edges_[e].to == edge.to && edges_[e].label == edge.label && edges_[e].member == edge.member) return;
    }
    edges_.push_back(std::move(edge));
    const std::size_t index = edges_.size() - 1;
    if (edges_[index].from) out_[*edges_[index].from].push_back(index);
    else from_roots_.push_back(index);
    in_[edges_[index].to].push_back(index);
}

std::vector<const GraphEdge*> ObjectGraph::out_edges(std::size_t node) const {
    std::vector<const GraphEdge*> out;
    for (std::size_t e : out_.at(node))
        if (!edges_[e].member) out.push_back(&edges_[e]);
    return out;
}

std::vector<const GraphEdge*> ObjectGraph::in_edges(std::size_t node) const {
    std::vector<const GraphEdge*> out;
    for (std::size_t e : in_.at(node))
        if (!edges_[e].member) out.push_back(&edges_[e]);
    return out;
}

std::vector<std::size_t> ObjectGraph::at_address(std::uint64_t address) const {
    std::vector<std::size_t> out;
    for (const GraphNode& node : nodes_)
        if (node.address == address && address != 0) out.push_back(node.id);
    return out;
}

std::optional<std::size_t> ObjectGraph::frame_variable(long tid, std::size_t frame, const std::string& name) const {
    for (const GraphNode& node : nodes_)
        for (const GraphRoot& root : node.roots)
            if (same_root(root, tid, frame) && root.name == name) return node.id;
    // A pointer variable: the edge from it whose path is the variable alone.
    for (std::size_t e : from_roots_) {
        const GraphEdge& edge = edges_[e];
        if (same_root(edge.root, tid, frame) && edge.root.name == name && edge.label == name) return edge.to;
    }
    return std::nullopt;
}

std::optional<std::size_t> ObjectGraph::by_name(const std::string& name) const {
    for (const GraphNode& node : nodes_)
        if (node.name == name) return node.id;
    return std::nullopt;
}

std::optional<GraphPath> ObjectGraph::path_to(std::size_t target, long tid, std::size_t frame) const {
    if (target >= nodes_.size()) return std::nullopt;
    constexpr std::size_t unreached = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> distance(nodes_.size(), unreached);
    std::vector<const GraphEdge*> via(nodes_.size(), nullptr);
    std::vector<GraphRoot> root_of(nodes_.size());
    // Breadth first, layer by layer: variables that are objects start at 0,
    // the targets of pointer variables at 1; the preferred frame's first
    // within each layer, so that its paths win ties.
    std::vector<std::size_t> layer;
    for (int pass = 0; pass < 2; ++pass)
        for (const GraphNode& node : nodes_)
            for (const GraphRoot& root : node.roots)
                if (same_root(root, tid, frame) == (pass == 0) && distance[node.id] == unreached) {
                    distance[node.id] = 0;
                    root_of[node.id] = root;
                    layer.push_back(node.id);
                }
    for (std::size_t depth = 0; (depth == 0 || !layer.empty()) && distance[target] == unreached; ++depth) {
        std::vector<std::size_t> next;
        auto reach = [&](std::size_t to, const GraphEdge* edge, const GraphRoot& root) {
            if (distance[to] != unreached) return;
            distance[to] = depth + 1;
            via[to] = edge;
            root_of[to] = root;
            next.push_back(to);
        };
        for (int pass = 0; pass < 2; ++pass) {
            const bool preferred = pass == 0;
            if (depth == 0)
                for (std::size_t e : from_roots_)
                    if (same_root(edges_[e].root, tid, frame) == preferred) reach(edges_[e].to, &edges_[e], edges_[e].root);
            for (std::size_t at : layer)
                if (same_root(root_of[at], tid, frame) == preferred)
                    for (std::size_t e : out_[at]) reach(edges_[e].to, &edges_[e], root_of[at]);
        }
        layer = std::move(next);
    }
    if (distance[target] == unreached) return std::nullopt;
    GraphPath path;
    path.root = root_of[target];
    std::size_t at = target;
    while (via[at]) {
        path.steps.push_back(via[at]);
        if (!via[at]->from) break;
        at = *via[at]->from;
    }
    if (path.steps.empty() || path.steps.back()->from) path.start = at;
    std::reverse(path.steps.begin(), path.steps.end());
    return path;
}

std::vector<std::pair<std::size_t, std::size_t>> ObjectGraph::most_referenced(std::size_t limit) const {
    std::vector<std::pair<std::size_t, std::size_t>> ranked;
    for (const GraphNode& node : nodes_)
        if (const std::size_t count = in_edges(node.id).size(); count > 0) ranked.emplace_back(node.id, count);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (limit != 0 && ranked.size() > limit) ranked.resize(limit);
    return ranked;
}

}  // namespace capsule::cli

#include "graph/builder.hpp"

#include <vector>

namespace capsule::graph {

int Builder::find(std::uint64_t address, const std::string& type) const {
    auto it = index_.find({address, type});
    return it == index_.end() ? -1 : it->second;
}

int Builder::add(std::uint64_t address, const std::string& type, const std::string& variable,
                 const std::string& path) {
    auto it = index_.find({address, type});
    if (it != index_.end()) return it->second;
    if (graph_.nodes.size() >= max_nodes_) {
        graph_.truncated = true;
        return -1;
    }
    const int id = static_cast<int>(graph_.nodes.size());
    CapturedNode& n = graph_.nodes.emplace_back();
    n.address = address;
    n.type = type;
    n.tid = tid_;
    n.frame = frame_;
    n.variable = variable;
    n.path = path;
    index_.emplace(std::make_pair(address, type), id);
    return id;
}

void Builder::link(int from, const std::string& variable, int to, const std::string& path) {
    if (to < 0 || static_cast<std::size_t>(to) >= graph_.nodes.size()) return;
    const bool from_variable = from < 0;
    auto key = std::make_tuple(from_variable ? -1 : from, from_variable ? tid_ : 0L,
                               from_variable ? frame_ : 0, from_variable ? variable : std::string(),
                               to, path);
    if (edges_seen_.count(key) != 0) return;
    if (graph_.edges.size() >= max_edges_) {
        graph_.truncated = true;
        return;
    }
    edges_seen_.insert(std::move(key));
    CapturedEdge& e = graph_.edges.emplace_back();
    e.from = from_variable ? -1 : from;
    if (from_variable) {
        e.tid = tid_;
        e.frame = frame_;
        e.variable = variable;
    }
    e.to = to;
    e.path = path;
}

CapturedGraph Builder::take() {
    CapturedGraph out = std::move(graph_);
    graph_ = CapturedGraph();
    index_.clear();
    edges_seen_.clear();
    return out;
}

void take_summaries(Report& report) {
    std::vector<CapturedNode>& nodes = report.graph.nodes;
    std::vector<bool> done(nodes.size(), false);
    for (CapturedNode& n : nodes) n.summary.clear();
    // An explicit stack: the tree's depth is bounded, but not by this code.
    std::vector<const Variable*> pending;
    for (auto thread = report.threads.rbegin(); thread != report.threads.rend(); ++thread)
        for (auto frame = thread->frames.rbegin(); frame != thread->frames.rend(); ++frame)
            for (auto it = frame->vars.rbegin(); it != frame->vars.rend(); ++it) pending.push_back(&*it);
    while (!pending.empty()) {
        const Variable* v = pending.back();
        pending.pop_back();
        const auto id = static_cast<std::size_t>(v->node);
        if (v->node >= 0 && id < nodes.size() && !done[id] && v->value.rfind("-> @node ", 0) != 0) {
            nodes[id].summary = v->value;
            done[id] = true;
        }
        for (auto it = v->children.rbegin(); it != v->children.rend(); ++it) pending.push_back(&*it);
    }
}

}  // namespace capsule::graph

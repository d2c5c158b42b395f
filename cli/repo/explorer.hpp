// The object-graph explorer behind `capsule explore`: one command line in,
// its answer out (text, or one JSON object per line). Reading the lines and
// prompting is the command's business, so that a script drives this exactly
// as a person does.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "render/color.hpp"
#include "render/json_out.hpp"
#include "repo/object_graph.hpp"

namespace capsule::cli {

class Explorer {
public:
    // `report` must outlive the explorer.
    Explorer(const Report& report, const Palette& palette, bool json, std::ostream& out);

    // Runs one line; an empty line does nothing. False when the command
    // failed: its error has been printed and the session goes on.
    bool execute(const std::string& line);
    bool finished() const { return finished_; }

    static const char* help_text();

private:
    using Words = std::vector<std::string>;

    void frames(const Words& args);
    void move_frame(const Words& args, int direction);
    void select_frame(const Words& args);
    void go(const Words& args);
    void out_edges(const Words& args);
    void in_edges(const Words& args);
    void path(const Words& args);
    void top(const Words& args);
    void history(const Words& args, int direction);
    void where(const Words& args);
    void help(const Words& args);

    std::size_t current_node() const;  // throws when none is selected
    void visit(std::size_t node);      // selects it and records it in the history
    void show_frame_variables();
    void show_node(std::size_t node);

    std::string frame_line(std::size_t index) const;
    std::string node_label(std::size_t node) const;
    std::string edge_source(const GraphEdge& edge) const;  // the node or frame variable it starts at
    ojson root_json(const GraphRoot& root) const;
    ojson frame_json(std::size_t index) const;
    ojson node_json(std::size_t node, bool members) const;
    void answer(ojson result);  // the JSON answer to the command being run

    const Report& report_;
    const Thread* thread_;
    ObjectGraph graph_;
    const Palette& p_;
    bool json_;
    std::ostream& out_;
    std::size_t frame_ = 0;
    std::vector<std::size_t> history_;
    std::size_t position_ = 0;  // history_[position_ - 1] is the current node; 0: none yet
    bool finished_ = false;
    std::string command_;
};

}  // namespace capsule::cli

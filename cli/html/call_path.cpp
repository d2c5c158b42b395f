#include "html/call_path.hpp"

#include <vector>

#include "html/escape.hpp"
#include "html/frames.hpp"
#include "html/labels.hpp"

namespace capsule::cli::html {
namespace {

// Narrow, so that it scales down little on a phone.
constexpr int width = 440;
constexpr int margin = 8;
constexpr int user_height = 46;
constexpr int lib_height = 28;
constexpr int gap = 22;
// Monospace at 13px and 11px: about 7.8 and 6.6 pixels a character.
constexpr std::size_t label_chars = 52;
constexpr std::size_t sub_chars = 60;
// Deep recursion would make a drawing taller than the page; the middle goes.
constexpr std::size_t max_nodes = 24;

struct Node {
    std::size_t first = 0;  // frame indices, outermost first
    std::size_t last = 0;
    bool user = true;
    bool failing = false;
    bool skipped = false;  // stands for frames left out of the drawing
    std::string label;     // unescaped
    std::string sub;
    std::string tooltip;
};

std::string where(const Frame& frame) {
    if (frame.file.empty()) return std::string(base_name(frame.module));
    std::string text(base_name(frame.file));
    if (frame.line > 0) text += ":" + std::to_string(frame.line);
    return text;
}

std::vector<Node> nodes_for(const Thread& thread, std::size_t body, std::size_t failing) {
    std::vector<Node> nodes;
    for (std::size_t i = body + 1; i-- > failing;) {
        const Frame& frame = thread.frames[i];
        const bool user = frame.category == "user" || i == failing;
        if (!user && !nodes.empty() && !nodes.back().user) {
            nodes.back().last = i;
            continue;
        }
        Node node;
        node.first = node.last = i;
        node.user = user;
        node.failing = i == failing;
        if (user) {
            const std::string name = frame.function.empty() ? hex(frame.pc) : frame.function;
            node.label = function_label(name, label_chars);
            std::string role = i == failing ? "fails here" : (i == body ? "test body" : "");
            node.sub = where(frame);
            if (!role.empty()) node.sub = node.sub.empty() ? role : role + " \xc2\xb7 " + node.sub;
            node.tooltip = name + (frame.file.empty() ? "" : "\n" + frame.file + ":" + std::to_string(frame.line));
        }
        nodes.push_back(std::move(node));
    }
    for (Node& node : nodes) {
        if (node.user) continue;
        const std::size_t count = node.first - node.last + 1;
        node.label = std::to_string(count) + (count == 1 ? " library frame" : " library frames");
        for (std::size_t i = node.first + 1; i-- > node.last;)
            node.tooltip += (node.tooltip.empty() ? "" : "\n") + thread.frames[i].function;
    }
    if (nodes.size() > max_nodes) {
        const std::size_t keep_top = max_nodes / 2 - 1;
        const std::size_t keep_bottom = max_nodes / 2;
        Node skipped;
        skipped.user = false;
        skipped.skipped = true;
        skipped.first = nodes[keep_top].first;
        skipped.last = nodes[nodes.size() - keep_bottom - 1].last;
        skipped.label = std::to_string(skipped.first - skipped.last + 1) + " frames not drawn";
        std::vector<Node> shorter(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(keep_top));
        shorter.push_back(skipped);
        shorter.insert(shorter.end(), nodes.end() - static_cast<std::ptrdiff_t>(keep_bottom), nodes.end());
        nodes = std::move(shorter);
    }
    return nodes;
}

}  // namespace

std::string render_call_path(const Focus& focus) {
    if (!focus.thread || !focus.failing || !focus.body) return "";
    const std::vector<Node> nodes = nodes_for(*focus.thread, *focus.body, *focus.failing);
    int height = margin;
    for (const Node& node : nodes) height += (node.user ? user_height : lib_height) + gap;
    height = height - gap + margin;

    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"call-path\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(height) +
                      "\" role=\"img\" aria-label=\"Call path from the test body to the failing frame\">\n";
    out +=
        "<defs><marker id=\"arrow-head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
        "markerHeight=\"7\" orient=\"auto\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n";
    int y = margin;
    const int x = margin;
    const int box_width = width - 2 * margin;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const Node& node = nodes[n];
        const int h = node.user ? user_height : lib_height;
        std::string classes = node.user ? "node node-user" : "node node-lib";
        if (node.failing) classes += " node-failing";
        out += "<g class=\"" + classes + "\" data-frame=\"" + std::to_string(node.first) + "\">";
        if (!node.skipped) out += "<a href=\"#" + frame_id(focus.thread_index, node.first) + "\">";
        out += "<title>" + text(node.tooltip.empty() ? node.label : node.tooltip) + "</title>";
        out += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
               std::to_string(box_width) + "\" height=\"" + std::to_string(h) + "\" rx=\"6\"/>";
        if (node.user) {
            out += "<text x=\"" + std::to_string(x + 10) + "\" y=\"" + std::to_string(y + 19) + "\">" +
                   text(node.label) + "</text>";
            out += "<text class=\"sub\" x=\"" + std::to_string(x + 10) + "\" y=\"" + std::to_string(y + 37) + "\">" +
                   text(clip(node.sub, sub_chars)) + "</text>";
        } else {
            out += "<text class=\"sub\" x=\"" + std::to_string(x + 10) + "\" y=\"" + std::to_string(y + 18) + "\">" +
                   text(node.label) + "</text>";
        }
        if (!node.skipped) out += "</a>";
        out += "</g>\n";
        y += h;
        if (n + 1 < nodes.size()) {
            const int mid = x + box_width / 2;
            out += "<line class=\"edge\" x1=\"" + std::to_string(mid) + "\" y1=\"" + std::to_string(y + 1) +
                   "\" x2=\"" + std::to_string(mid) + "\" y2=\"" + std::to_string(y + gap - 2) +
                   "\" marker-end=\"url(#arrow-head)\"/>\n";
        }
        y += gap;
    }
    out += "</svg>\n";
    return out;
}

}  // namespace capsule::cli::html

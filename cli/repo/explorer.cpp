#include "repo/explorer.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "render/failure_site.hpp"
#include "render/printable.hpp"
#include "render/variables.hpp"

namespace capsule::cli {
namespace {

// A command that cannot do what it was asked: reported, and the session goes on.
class CommandError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string hex(std::uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::vector<std::string> split(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

std::size_t count_argument(const std::vector<std::string>& args, std::size_t fallback) {
    if (args.size() < 2) return fallback;
    if (args.size() > 2) throw CommandError(args[0] + " takes at most one number");
    const std::string& text = args[1];
    std::size_t value = 0;
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        throw CommandError(args[0] + ": \"" + printable(text) + "\" is not a number");
    value = std::stoul(text);
    return value;
}

void no_arguments(const std::vector<std::string>& args) {
    if (args.size() > 1) throw CommandError(args[0] + " takes no arguments");
}

}  // namespace

const char* Explorer::help_text() {
    return "frames             the frames of the failing thread (> marks the current one)\n"
           "up [N], down [N]   move N frames toward main (up) or toward the failure (down)\n"
           "frame N            go to frame N\n"
           "go NAME|ADDRESS|#ID  select an object: a variable of the current frame, a path\n"
           "                   as shown (e.g. (*head).next), an address (0x...), or a node id\n"
           "out                what the selected object points to\n"
           "in                 who points to the selected object\n"
           "path               the shortest way from a frame's variable to the selected object\n"
           "top [N]            the most referenced objects\n"
           "back, forward      through the objects selected so far\n"
           "where              the current frame and object\n"
           "help               this text\n"
           "quit               end (so does the end of input)\n";
}

Explorer::Explorer(const Report& report, const Palette& palette, bool json, std::ostream& out)
    : report_(report), thread_(primary_thread(report)), graph_(report), p_(palette), json_(json), out_(out) {
    if (thread_) {
        // Start where the failure is: its variables are what one asks about first.
        if (const Frame* failing = failing_frame(report, *thread_))
            frame_ = static_cast<std::size_t>(failing - thread_->frames.data());
    }
}

bool Explorer::execute(const std::string& line) {
    const Words words = split(line);
    if (words.empty() || words[0].front() == '#') return true;
    const std::string& command = words[0];
    command_ = command;
    try {
        if (command == "frames") frames(words);
        else if (command == "up") move_frame(words, +1);
        else if (command == "down") move_frame(words, -1);
        else if (command == "frame") select_frame(words);
        else if (command == "go") go(words);
        else if (command == "out") out_edges(words);
        else if (command == "in") in_edges(words);
        else if (command == "path") path(words);
        else if (command == "top") top(words);
        else if (command == "back") history(words, -1);
        else if (command == "forward") history(words, +1);
        else if (command == "where") where(words);
        else if (command == "help") help(words);
        else if (command == "quit" || command == "exit") finished_ = true;
        else throw CommandError("unknown command \"" + printable(command) + "\" (try help)");
        return true;
    } catch (const CommandError& e) {
        if (json_) print_json_line(ojson{{"command", command}, {"ok", false}, {"error", e.what()}}, out_);
        else out_ << p_.paint(Style::red, "error: ") << e.what() << '\n';
        return false;
    }
}

void Explorer::answer(ojson result) {
    print_json_line(ojson{{"command", command_}, {"ok", true}, {"result", std::move(result)}}, out_);
}

// ---- frames -----------------------------------------------------------------

std::string Explorer::frame_line(std::size_t index) const {
    const Frame& f = thread_->frames[index];
    std::string text = "#" + std::to_string(index) + "  " + (f.function.empty() ? hex(f.pc) : printable(f.function));
    if (!f.file.empty()) text += " at " + printable(f.file) + (f.line > 0 ? ":" + std::to_string(f.line) : "");
    else if (!f.module.empty()) text += " in " + printable(f.module);
    if (f.inlined) text += " [inlined]";
    return text;
}

ojson Explorer::frame_json(std::size_t index) const {
    const Frame& f = thread_->frames[index];
    return {{"index", index}, {"function", f.function}, {"file", f.file}, {"line", f.line},
            {"category", f.category}, {"current", index == frame_}};
}

void Explorer::frames(const Words& args) {
    no_arguments(args);
    if (!thread_) throw CommandError("the capsule holds no thread");
    if (json_) {
        ojson list = ojson::array();
        for (std::size_t i = 0; i < thread_->frames.size(); ++i) list.push_back(frame_json(i));
        return answer({{"tid", thread_->tid}, {"frames", std::move(list)}});
    }
    for (std::size_t i = 0; i < thread_->frames.size(); ++i) {
        const Frame& f = thread_->frames[i];
        std::string text = frame_line(i);
        if (!f.vars.empty()) text += "  (" + std::to_string(f.vars.size()) + (f.vars.size() == 1 ? " variable)" : " variables)");
        out_ << (i == frame_ ? p_.paint(Style::bold, "> " + text) : (f.category == "user" ? "  " + text : p_.paint(Style::dim, "  " + text)))
             << '\n';
    }
}

void Explorer::move_frame(const Words& args, int direction) {
    if (!thread_ || thread_->frames.empty()) throw CommandError("the capsule holds no frames");
    const std::size_t steps = count_argument(args, 1);
    const std::size_t last = thread_->frames.size() - 1;
    if (direction > 0 && frame_ == last) throw CommandError("already at the outermost frame (#" + std::to_string(last) + ")");
    if (direction < 0 && frame_ == 0) throw CommandError("already at the innermost frame (#0)");
    frame_ = direction > 0 ? std::min(last, frame_ + steps) : (steps > frame_ ? 0 : frame_ - steps);
    show_frame_variables();
}

void Explorer::select_frame(const Words& args) {
    if (!thread_ || thread_->frames.empty()) throw CommandError("the capsule holds no frames");
    if (args.size() != 2) throw CommandError("frame takes a frame number (see frames)");
    const std::size_t index = count_argument(args, 0);
    if (index >= thread_->frames.size())
        throw CommandError("no frame #" + args[1] + " (frames #0 to #" + std::to_string(thread_->frames.size() - 1) + ")");
    frame_ = index;
    show_frame_variables();
}

void Explorer::show_frame_variables() {
    const Frame& f = thread_->frames[frame_];
    if (json_) {
        ojson vars = ojson::array();
        for (const Variable& var : f.vars) {
            const auto node = graph_.frame_variable(thread_->tid, frame_, var.name);
            vars.push_back({{"name", var.name}, {"type", var.type}, {"value", var.value},
                            {"status", to_string(var.status)}, {"node", node ? ojson(*node) : ojson()}});
        }
        return answer({{"frame", frame_json(frame_)}, {"variables", std::move(vars)}});
    }
    out_ << p_.paint(Style::bold, frame_line(frame_)) << '\n';
    if (f.vars.empty()) out_ << "  " << p_.paint(Style::dim, "(no variables)") << '\n';
    for (const Variable& var : f.vars) {
        // "#5 third = ..." when the variable is an object, "head = ... -> #7"
        // when it points to one.
        const auto node = graph_.frame_variable(thread_->tid, frame_, var.name);
        const bool itself = node && var.node == static_cast<int>(*node);
        out_ << "  " << (itself ? p_.paint(Style::yellow, "#" + std::to_string(*node)) + " " : "")
             << variable_line(var.name, var, p_)
             << (node && !itself ? "  -> " + p_.paint(Style::yellow, "#" + std::to_string(*node)) : "") << '\n';
    }
}

// ---- objects ----------------------------------------------------------------

std::string Explorer::node_label(std::size_t id) const {
    const GraphNode& node = graph_.nodes()[id];
    return p_.paint(Style::yellow, "#" + std::to_string(id)) + " " + printable(node.type) + " @" + hex(node.address) +
           "  " + p_.paint(Style::green, printable(node.name));
}

std::string Explorer::edge_source(const GraphEdge& edge) const {
    if (edge.from) return node_label(*edge.from);
    std::string text = "frame #" + std::to_string(edge.root.frame);
    if (thread_ && edge.root.tid != thread_->tid) text += " of thread " + std::to_string(edge.root.tid);
    return text + " variable " + p_.paint(Style::green, printable(edge.root.name));
}

ojson Explorer::root_json(const GraphRoot& root) const {
    return {{"tid", root.tid}, {"frame", root.frame}, {"variable", root.name}};
}

ojson Explorer::node_json(std::size_t id, bool members) const {
    const GraphNode& node = graph_.nodes()[id];
    ojson j{{"id", id},
            {"address", hex(node.address)},
            {"type", node.type},
            {"name", node.name},
            {"value", node.value ? node.value->value : node.summary}};
    if (members) {
        ojson list = ojson::array();
        if (node.value)
            for (const Variable& child : node.value->children)
                list.push_back({{"name", child.name}, {"type", child.type}, {"value", child.value},
                                {"status", to_string(child.status)},
                                {"node", child.node >= 0 ? ojson(child.node) : ojson()}});
        j["members"] = std::move(list);
        j["out"] = graph_.out_edges(id).size();
        j["in"] = graph_.in_edges(id).size();
    }
    return j;
}

std::size_t Explorer::current_node() const {
    if (position_ == 0) throw CommandError("no object selected (go NAME first)");
    return history_[position_ - 1];
}

void Explorer::visit(std::size_t node) {
    history_.resize(position_);  // a new visit drops the forward history
    history_.push_back(node);
    position_ = history_.size();
}

void Explorer::show_node(std::size_t id) {
    if (json_) return answer({{"node", node_json(id, true)}});
    const GraphNode& node = graph_.nodes()[id];
    out_ << node_label(id) << '\n';
    if (!node.value) {
        out_ << "  " << p_.paint(Style::dim, "value") << " = " << printable(node.summary) << '\n';
    } else {
        out_ << "  " << p_.paint(Style::dim, "value") << " = " << value_text(*node.value, p_) << '\n';
        for (const Variable& child : node.value->children) {
            std::string line = "  " + variable_line(child.name, child, p_);
            // Members that are objects of their own can be gone to by id.
            if (child.node >= 0) line += "  " + p_.paint(Style::yellow, "#" + std::to_string(child.node));
            out_ << line << '\n';
        }
    }
    out_ << "  " << p_.paint(Style::dim, "out " + std::to_string(graph_.out_edges(id).size()) + ", in " +
                                             std::to_string(graph_.in_edges(id).size()))
         << '\n';
}

void Explorer::go(const Words& args) {
    if (args.size() != 2) throw CommandError("go takes one NAME, ADDRESS or #ID");
    const std::string& target = args[1];
    std::optional<std::size_t> found;
    if (target.size() > 1 && target[0] == '#') {
        const std::string digits = target.substr(1);
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(digits) >= graph_.nodes().size())
            throw CommandError("no object " + printable(target));
        found = std::stoul(digits);
    } else if (target.rfind("0x", 0) == 0 || target.rfind("0X", 0) == 0) {
        const std::string digits = target.substr(2);
        if (digits.empty() || digits.size() > 16 || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            throw CommandError("\"" + printable(target) + "\" is not an address");
        const std::vector<std::size_t> nodes = graph_.at_address(std::stoull(digits, nullptr, 16));
        if (nodes.empty()) throw CommandError("no captured object at " + printable(target));
        found = nodes.front();  // the first one reached; `top` and ids tell others apart
    } else {
        if (thread_) found = graph_.frame_variable(thread_->tid, frame_, target);
        if (!found) found = graph_.by_name(target);
        if (!found && thread_ && !thread_->frames.empty()) {
            // A variable that is no object (a number, a string): say so.
            for (const Variable& var : thread_->frames[frame_].vars)
                if (var.name == target)
                    throw CommandError(printable(target) + " is " + printable(var.type) + " " + value_text(var, p_) +
                                       ", not an object (objects are structs, classes, unions and containers)");
        }
        if (!found)
            throw CommandError("no variable \"" + printable(target) + "\" in frame #" + std::to_string(frame_) +
                               " and no object reached as that (see frames, up, down)");
    }
    visit(*found);
    show_node(*found);
}

void Explorer::out_edges(const Words& args) {
    no_arguments(args);
    const std::size_t id = current_node();
    const auto edges = graph_.out_edges(id);
    if (json_) {
        ojson list = ojson::array();
        for (const GraphEdge* e : edges) list.push_back({{"label", e->label}, {"to", node_json(e->to, false)}});
        return answer({{"node", id}, {"edges", std::move(list)}});
    }
    if (edges.empty()) out_ << "  " << p_.paint(Style::dim, "(points to nothing that was captured)") << '\n';
    for (const GraphEdge* e : edges)
        out_ << "  " << p_.paint(Style::cyan, printable(e->label)) << " -> " << node_label(e->to) << '\n';
}

void Explorer::in_edges(const Words& args) {
    no_arguments(args);
    const std::size_t id = current_node();
    const auto edges = graph_.in_edges(id);
    const GraphNode& node = graph_.nodes()[id];
    if (json_) {
        ojson list = ojson::array(), roots = ojson::array();
        for (const GraphEdge* e : edges)
            list.push_back({{"label", e->label},
                            {"from", e->from ? node_json(*e->from, false) : ojson{{"variable", root_json(e->root)}}}});
        for (const GraphRoot& r : node.roots) roots.push_back(root_json(r));
        return answer({{"node", id}, {"edges", std::move(list)}, {"variables", std::move(roots)}});
    }
    for (const GraphRoot& r : node.roots) {
        GraphEdge itself;
        itself.root = r;
        out_ << "  " << edge_source(itself) << p_.paint(Style::dim, " is this object") << '\n';
    }
    for (const GraphEdge* e : edges)
        out_ << "  " << edge_source(*e) << "  via " << p_.paint(Style::cyan, printable(e->label)) << '\n';
    if (edges.empty() && node.roots.empty()) out_ << "  " << p_.paint(Style::dim, "(nothing points here)") << '\n';
}

void Explorer::path(const Words& args) {
    no_arguments(args);
    const std::size_t id = current_node();
    const auto found = graph_.path_to(id, thread_ ? thread_->tid : 0, frame_);
    if (!found) throw CommandError("no frame variable leads to #" + std::to_string(id));
    if (json_) {
        ojson steps = ojson::array();
        for (const GraphEdge* e : found->steps)
            steps.push_back({{"label", e->label}, {"member", e->member}, {"to", node_json(e->to, false)}});
        return answer({{"variable", root_json(found->root)},
                       {"start", found->start ? node_json(*found->start, false) : ojson()},
                       {"steps", std::move(steps)}});
    }
    GraphEdge root;
    root.root = found->root;
    out_ << "  " << edge_source(root);
    if (found->start) out_ << "  " << node_label(*found->start);
    out_ << '\n';
    for (const GraphEdge* e : found->steps)
        out_ << "  " << (e->member ? "  " : "--") << p_.paint(Style::cyan, printable(e->label))
             << (e->member ? "    " : "-->  ") << node_label(e->to) << '\n';
}

void Explorer::top(const Words& args) {
    const std::size_t limit = count_argument(args, 10);
    const auto ranked = graph_.most_referenced(limit);
    if (json_) {
        ojson list = ojson::array();
        for (const auto& [id, count] : ranked) list.push_back({{"references", count}, {"node", node_json(id, false)}});
        return answer({{"objects", std::move(list)}});
    }
    if (ranked.empty()) out_ << "  " << p_.paint(Style::dim, "(no pointers to objects were followed in this capsule)") << '\n';
    for (const auto& [id, count] : ranked) {
        std::string number = std::to_string(count);
        number.insert(0, number.size() < 4 ? 4 - number.size() : 0, ' ');
        out_ << number << "  " << node_label(id) << '\n';
    }
}

void Explorer::history(const Words& args, int direction) {
    no_arguments(args);
    if (direction < 0) {
        if (position_ <= 1) throw CommandError("nothing to go back to");
        --position_;
    } else {
        if (position_ >= history_.size()) throw CommandError("nothing to go forward to");
        ++position_;
    }
    show_node(history_[position_ - 1]);
}

void Explorer::where(const Words& args) {
    no_arguments(args);
    const bool has_frame = thread_ && !thread_->frames.empty();
    if (json_) {
        return answer({{"frame", has_frame ? frame_json(frame_) : ojson()},
                                {"node", position_ ? node_json(history_[position_ - 1], false) : ojson()}});
    }
    if (has_frame) out_ << "  frame " << frame_line(frame_) << '\n';
    if (position_) out_ << "  at " << node_label(history_[position_ - 1]) << '\n';
    else out_ << "  " << p_.paint(Style::dim, "no object selected (go NAME)") << '\n';
}

void Explorer::help(const Words& args) {
    no_arguments(args);
    if (json_) {
        ojson lines = ojson::array();
        std::istringstream text(help_text());
        for (std::string line; std::getline(text, line);) lines.push_back(line);
        return answer({{"commands", std::move(lines)}});
    }
    out_ << help_text();
}

}  // namespace capsule::cli

#include "gdb_oracle.hpp"

#include <map>
#include <regex>
#include <sstream>

#include "gdb_value.hpp"
#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {

namespace {

constexpr const char* args_marker = "@@capsule-args";
constexpr const char* locals_marker = "@@capsule-locals";

// "#1  0x000055555555519d in f (a=7) at /src/x.cpp:12", or for an inlined
// frame "#2  g (b=1) at /src/x.cpp:20".
bool parse_frame_line(const std::string& line, GdbFrame& frame) {
    static const std::regex head(R"(^#(\d+)\s+(0x[0-9a-f]+ in )?(.*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, head)) return false;
    frame.number = std::stoi(m[1]);
    std::string rest = m[3];
    auto paren = rest.find(" (");
    if (paren == std::string::npos) return false;
    frame.function = rest.substr(0, paren);
    auto at = rest.rfind(" at ");
    if (at != std::string::npos) {
        std::string where = rest.substr(at + 4);
        auto colon = where.rfind(':');
        if (colon != std::string::npos) {
            frame.file = where.substr(0, colon);
            frame.line = std::atoi(where.c_str() + colon + 1);
        }
    }
    return true;
}

bool parse_variable_line(const std::string& line, GdbVariable& out) {
    static const std::regex var(R"(^([A-Za-z_$][A-Za-z0-9_$]*) = (.*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, var)) return false;
    out.name = m[1];
    out.value = m[2];
    return true;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Two texts each cut short by its own limit (a trailing "...", perhaps inside
// a closing quote or brace): equal as far as both go.
bool same_start(std::string a, std::string b) {
    for (std::string* s : {&a, &b}) {
        auto cut = s->find("...");
        if (cut != std::string::npos) s->resize(cut);
        // A cut string may have lost its closing quote on one side only.
        if (!s->empty() && s->back() == '"') s->pop_back();
    }
    const std::size_t n = std::min(a.size(), b.size());
    return n > 0 && a.compare(0, n, b, 0, n) == 0;
}

std::string capsule_side(const Variable& v) {
    return quoted(v.value) + " (" + to_string(v.status) + ")";
}

// gdb's backtrace leaves out the parameter list (it prints the arguments in
// its place) and, for a g++ lambda, the enclosing scopes ("operator()"). A
// capsule name is gdb's when it is the same without its parameter list, or a
// further qualified form of it.
bool same_function(const std::string& capsule_name, const std::string& gdb_name) {
    const std::string c = without_parameters(capsule_name);
    const std::string g = without_parameters(gdb_name);
    return c == g || c.ends_with("::" + g);
}

class Comparison {
public:
    Comparison(const Frame& frame, int index, std::vector<std::string>& out) : out_(out) {
        where_ = "frame " + std::to_string(index) + " " + frame.function + ": ";
    }

    void mismatch(const std::string& what) { out_.push_back(where_ + what); }

    // A leaf or a whole variable: gdb's text against the capsule's node.
    void value(const std::string& path, const std::string& gdb_text, const Variable& v) {
        if (gdb_text == "<optimized out>") {
            if (v.status != ValueStatus::optimized_out)
                mismatch(path + ": gdb <optimized out>, capsule " + capsule_side(v));
            return;
        }
        if (gdb_text == "<synthetic pointer>") return;  // gdb's view of an implicit pointer
        if (gdb_text.find("<repeats ") != std::string::npos) {
            // gdb's run-length form has no counterpart in a capsule.
            if (v.status != ValueStatus::ok && v.status != ValueStatus::truncated)
                mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
            return;
        }
        if (gdb_text.ends_with("...")) {
            // gdb stopped at its own limit (200 elements): the capsule, with its
            // own limit, must agree as far as gdb went.
            if (!same_start(gdb_text, v.value))
                mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
            return;
        }
        if (is_gdb_scalar(gdb_text)) {
            bool memory_error = false;
            std::string expected = strip_gdb_memory_error(gdb_text, memory_error);
            if (memory_error && v.value == gdb_text) return;  // gdb's own wording
            if (!same_value_text(v.value, expected))
                mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
            else if (memory_error && !has_status_below(v, ValueStatus::unreadable))
                mismatch(path + ": gdb cannot read its target (" + quoted(gdb_text) +
                         "), capsule does not say unreadable: " + capsule_side(v));
            else if (!memory_error && v.status != ValueStatus::ok)
                mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
            return;
        }
        if (v.status != ValueStatus::ok && v.status != ValueStatus::truncated) {
            mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
            return;
        }
        // Capsule summaries follow gdb's; one not cut short must be gdb's text.
        if (v.status == ValueStatus::ok && v.value.find("...") == std::string::npos &&
            !same_value_text(v.value, gdb_text))
            mismatch(path + ": gdb " + quoted(gdb_text) + ", capsule " + capsule_side(v));
        GdbValue parsed;
        if (parse_gdb_value(gdb_text, parsed)) aggregate(path, parsed, v);
    }

    void aggregate(const std::string& path, const GdbValue& gdb, const Variable& v) {
        const bool cut = v.status == ValueStatus::truncated;
        std::size_t element = 0;
        for (const GdbValue& item : gdb.items) {
            const Variable* child = nullptr;
            std::string child_path;
            if (item.name.empty()) {
                child_path = path + "[" + std::to_string(element) + "]";
                if (element < v.children.size()) child = &v.children[element];
                ++element;
                // The capsule's "N more" marker: the bound on items was reached.
                if (child && child->kind == "element" && child->name == "...") break;
            } else {
                child_path = path + "." + item.name;
                child = find_member(v, item.name);
            }
            if (!child) {
                if (!cut)
                    mismatch(child_path + ": gdb shows it, capsule has no such child of " +
                             path);
                continue;
            }
            if (item.aggregate)
                aggregate(child_path, item, *child);
            else
                value(child_path, item.text, *child);
        }
    }

private:
    // Members by name; gdb's "<Base>" is the capsule's base-class child.
    static const Variable* find_member(const Variable& v, const std::string& name) {
        if (const Variable* c = find_child(v, name)) return c;
        if (name.size() > 2 && name.front() == '<' && name.back() == '>') {
            std::string base = name.substr(1, name.size() - 2);
            for (const Variable& c : v.children)
                if (c.kind == "base" && (c.name == base || c.type == base)) return &c;
        }
        return nullptr;
    }

    std::vector<std::string>& out_;
    std::string where_;
};

// gdb lists an inner variable before the outer one it shadows; the capsule
// marks the outer one shadowed. Pairs them up in that order.
std::vector<const Variable*> capsule_candidates(const Frame& frame, const std::string& name,
                                                bool params) {
    std::vector<const Variable*> visible, shadowed;
    for (const Variable& v : frame.vars) {
        if (v.name != name || (v.kind == "param") != params) continue;
        (v.status == ValueStatus::shadowed ? shadowed : visible).push_back(&v);
    }
    visible.insert(visible.end(), shadowed.begin(), shadowed.end());
    return visible;
}

void compare_variables(const Frame& frame, const GdbFrame& gdb, const OracleOptions& options,
                       Comparison& cmp) {
    std::map<std::pair<bool, std::string>, int> seen;
    std::set<const Variable*> matched;
    auto compare_list = [&](const std::vector<GdbVariable>& list, bool params) {
        for (const GdbVariable& g : list) {
            if (options.skip.count(gdb.function + ":" + g.name)) continue;
            auto candidates = capsule_candidates(frame, g.name, params);
            if (options.declared_later.count(g.name)) {
                matched.insert(candidates.begin(), candidates.end());
                if (!candidates.empty())
                    cmp.mismatch(g.name + " is declared below the frame's line; capsule shows " +
                                 capsule_side(*candidates.front()));
                continue;
            }
            int occurrence = seen[{params, g.name}]++;
            if (occurrence > 0 && g.value == "<optimized out>" &&
                occurrence >= static_cast<int>(candidates.size()) &&
                options.gdb_repeats.count(without_parameters(gdb.function) + ":" + g.name))
                continue;
            if (occurrence >= static_cast<int>(candidates.size())) {
                cmp.mismatch(std::string(params ? "parameter " : "variable ") + g.name +
                             ": gdb " + quoted(g.value) + ", capsule does not show it");
                continue;
            }
            const Variable* v = candidates[occurrence];
            matched.insert(v);
            if (occurrence > 0 && v->status == ValueStatus::shadowed) {
                // The outer of two: gdb still prints its value; the capsule may.
                if (!v->value.empty() && v->value != g.value)
                    cmp.mismatch(g.name + " (shadowed): gdb " + quoted(g.value) + ", capsule " +
                                 capsule_side(*v));
                continue;
            }
            cmp.value(g.name, g.value, *v);
        }
    };
    compare_list(gdb.args, true);
    compare_list(gdb.locals, false);
    for (const Variable& v : frame.vars) {
        if (matched.count(&v) || v.kind == "capture") continue;
        if (options.skip.count(gdb.function + ":" + v.name)) continue;
        cmp.mismatch(v.name + " [" + v.kind + "]: capsule " + capsule_side(v) +
                     ", gdb does not list it");
    }
}

}  // namespace

GdbView parse_gdb_transcript(const std::string& transcript) {
    GdbView view;
    view.transcript = transcript;
    std::istringstream in(transcript);
    std::string line;
    enum class Section { none, args, locals } section = Section::none;
    GdbFrame* current = nullptr;
    std::set<std::pair<int, int>> sections_seen;  // (frame number, section)
    bool done = false;
    while (std::getline(in, line)) {
        if (line.find("exited normally]") != std::string::npos) view.program_exited_normally = true;
        if (done) continue;
        GdbFrame frame;
        if (parse_frame_line(line, frame)) {
            view.frames.push_back(frame);
            current = &view.frames.back();
            section = Section::none;
            continue;
        }
        if (line == args_marker || line == locals_marker) {
            section = line == args_marker ? Section::args : Section::locals;
            // `up` at the outermost frame fails without printing a frame: the
            // same frame's sections come again, and everything from here on
            // is a repeat.
            if (!current || !sections_seen.insert({current->number, int(section)}).second)
                done = true;
            continue;
        }
        GdbVariable var;
        if (current && section != Section::none && parse_variable_line(line, var))
            (section == Section::args ? current->args : current->locals).push_back(var);
    }
    return view;
}

GdbView run_under_gdb(const std::vector<std::string>& argv, int max_frames) {
    std::vector<std::string> cmd = {CAPSULE_GDB, "-batch", "-nx"};
    auto ex = [&cmd](const std::string& command) {
        cmd.push_back("-ex");
        cmd.push_back(command);
    };
    ex("set debuginfod enabled off");
    ex("set startup-with-shell off");
    ex("set pagination off");
    ex("set width 0");
    ex("set confirm off");
    ex("break capsule::capture_this_thread");
    ex("run");
    for (int i = 0; i < max_frames; ++i) {
        ex("up");
        ex(std::string("echo ") + args_marker + "\\n");
        ex("info args");
        ex(std::string("echo ") + locals_marker + "\\n");
        ex("info locals");
    }
    ex("continue");
    cmd.push_back("--args");
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    ProcessResult run = run_process(cmd, 240);
    // stderr apart: gdb's warnings (e.g. "RTTI symbol not found") would land
    // in the middle of a value line.
    GdbView view = parse_gdb_transcript(run.output);
    view.transcript += run.errors;
    if (run.timed_out) view.program_exited_normally = false;
    return view;
}

std::vector<std::string> compare_with_gdb(const Thread& thread, const GdbView& gdb,
                                          const OracleOptions& options) {
    std::vector<std::string> out;
    if (gdb.frames.empty()) {
        out.push_back("gdb showed no frames");
        return out;
    }
    if (thread.frames.size() != gdb.frames.size())
        out.push_back("capsule has " + std::to_string(thread.frames.size()) +
                      " frames, gdb shows " + std::to_string(gdb.frames.size()) +
                      " up to main");
    std::size_t n = std::min(thread.frames.size(), gdb.frames.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Frame& frame = thread.frames[i];
        const GdbFrame& g = gdb.frames[i];
        Comparison cmp(frame, static_cast<int>(i), out);
        if (!same_function(frame.function, g.function))
            cmp.mismatch("function: capsule " + quoted(frame.function) + ", gdb " +
                         quoted(g.function));
        if (file_basename(frame.file) != file_basename(g.file) || frame.line != g.line)
            cmp.mismatch("position: capsule " + file_basename(frame.file) + ":" +
                         std::to_string(frame.line) + ", gdb " + file_basename(g.file) + ":" +
                         std::to_string(g.line));
        // main's variables are not compared: at its call clang -O2 describes
        // argc and argv as still in rdi and rsi, and gdb, which treats
        // caller-saved registers of outer frames as unchanged, prints the
        // innermost frame's rdi and rsi there.
        if (g.function == "main") continue;
        compare_variables(frame, g, options, cmp);
    }
    return out;
}

}  // namespace capsule::integration

// capsule.json -> Report. The input is hostile: every field is checked for its
// type, missing or null fields keep the Report's defaults, unknown fields are
// ignored (a newer minor format may add some), and every error names the
// field it is about, on one line.
#include <limits>

#include <nlohmann/json.hpp>

#include "capsule/file.hpp"
#include "file/format_version.hpp"
#include "file/hex.hpp"
#include "file/json_read.hpp"
#include "file/limits.hpp"
#include "file/one_line.hpp"

namespace capsule {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw FormatError(file::one_line("capsule.json: " + path + ": " + what));
}

const char* type_word(const json& j) {
    switch (j.type()) {
        case json::value_t::object: return "an object";
        case json::value_t::array: return "an array";
        case json::value_t::string: return "a string";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_float: return "a fractional number";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        default: return "null";
    }
}

[[noreturn]] void wrong_type(const std::string& path, const char* wanted, const json& got) {
    fail(path, std::string("expected ") + wanted + ", got " + type_word(got));
}

std::string join(const std::string& path, const char* key) {
    return path.empty() ? std::string(key) : path + "." + key;
}

std::string at_index(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

// The member `key` of `obj`, or nullptr when it is absent or null.
const json* member(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

// A string field, refused past max_string_bytes before it is copied.
const std::string& string_value(const json& j, const std::string& path) {
    if (!j.is_string()) wrong_type(path, "a string", j);
    const std::string& text = j.get_ref<const std::string&>();
    if (text.size() > file::max_string_field_bytes)
        fail(path, "a string of " + std::to_string(text.size()) + " bytes (limit " +
                       std::to_string(file::max_string_field_bytes) + ")");
    return text;
}

void read(const json& obj, const std::string& path, const char* key, std::string& out) {
    const json* j = member(obj, key);
    if (!j) return;
    out = string_value(*j, join(path, key));
}

void read(const json& obj, const std::string& path, const char* key, bool& out) {
    const json* j = member(obj, key);
    if (!j) return;
    if (!j->is_boolean()) wrong_type(join(path, key), "a boolean", *j);
    out = j->get<bool>();
}

void read(const json& obj, const std::string& path, const char* key, double& out) {
    const json* j = member(obj, key);
    if (!j) return;
    if (!j->is_number()) wrong_type(join(path, key), "a number", *j);
    out = j->get<double>();
}

template <typename Int>
void read_integer(const json& obj, const std::string& path, const char* key, Int& out) {
    const json* j = member(obj, key);
    if (!j) return;
    if (j->is_number_unsigned()) {
        auto v = j->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
            fail(join(path, key), "integer out of range");
        out = static_cast<Int>(v);
    } else if (j->is_number_integer()) {
        auto v = j->get<std::int64_t>();
        if (v < std::numeric_limits<Int>::min() || v > std::numeric_limits<Int>::max())
            fail(join(path, key), "integer out of range");
        out = static_cast<Int>(v);
    } else {
        wrong_type(join(path, key), "an integer", *j);
    }
}

void read(const json& obj, const std::string& path, const char* key, int& out) {
    read_integer(obj, path, key, out);
}
void read(const json& obj, const std::string& path, const char* key, long& out) {
    read_integer(obj, path, key, out);
}

void read_address(const json& obj, const std::string& path, const char* key, std::uint64_t& out) {
    const json* j = member(obj, key);
    if (!j) return;
    if (!j->is_string()) wrong_type(join(path, key), "a \"0x...\" string", *j);
    if (!file::parse_hex(j->get_ref<const std::string&>(), out))
        fail(join(path, key), "expected a \"0x...\" hex address");
}

void read(const json& obj, const std::string& path, const char* key, std::vector<std::string>& out) {
    const json* j = member(obj, key);
    if (!j) return;
    const std::string here = join(path, key);
    if (!j->is_array()) wrong_type(here, "an array", *j);
    out.clear();
    out.reserve(j->size());
    for (std::size_t i = 0; i < j->size(); ++i) out.push_back(string_value((*j)[i], at_index(here, i)));
}

void read(const json& obj, const std::string& path, const char* key,
          std::map<std::string, std::string>& out) {
    const json* j = member(obj, key);
    if (!j) return;
    const std::string here = join(path, key);
    if (!j->is_object()) wrong_type(here, "an object", *j);
    out.clear();
    for (const auto& [name, value] : j->items()) {
        // The key goes into the error path only once it is known to be short.
        if (name.size() > file::max_string_field_bytes)
            fail(here, "a key of " + std::to_string(name.size()) + " bytes (limit " +
                           std::to_string(file::max_string_field_bytes) + ")");
        out[name] = string_value(value, here + "." + file::excerpt(name, 200));
    }
}

// An object member to descend into, or nullptr when absent.
const json* object(const json& obj, const std::string& path, const char* key) {
    const json* j = member(obj, key);
    if (j && !j->is_object()) wrong_type(join(path, key), "an object", *j);
    return j;
}

// An array member to iterate, or nullptr when absent.
const json* array(const json& obj, const std::string& path, const char* key) {
    const json* j = member(obj, key);
    if (j && !j->is_array()) wrong_type(join(path, key), "an array", *j);
    return j;
}

void require_object(const json& j, const std::string& path) {
    if (!j.is_object()) wrong_type(path, "an object", j);
}

// Paths of deeply nested values stay short: the first levels in full, then how
// many levels further down.
constexpr int spelled_out_depth = 4;

std::string child_path(const std::string& path, const std::string& shallow, int child_depth, std::size_t i) {
    if (child_depth <= spelled_out_depth) return at_index(join(path, "children"), i);
    return shallow + " (" + std::to_string(child_depth - spelled_out_depth) + " levels below).children[" +
           std::to_string(i) + "]";
}

// `nodes`: how many graph nodes the capsule has, for the node references.
Variable read_variable(const json& j, const std::string& path, int depth, const std::string& shallow,
                       std::size_t nodes) {
    require_object(j, path);
    if (depth > file::max_value_depth)
        fail(path, "values nested deeper than " + std::to_string(file::max_value_depth) + " levels");
    Variable v;
    read(j, path, "name", v.name);
    read(j, path, "kind", v.kind);
    read(j, path, "type", v.type);
    read(j, path, "value", v.value);
    std::string status;
    read(j, path, "status", status);
    if (!status.empty() && !parse_value_status(status, v.status))
        fail(join(path, "status"), "unknown value status \"" + file::excerpt(status) + "\"");
    read_address(j, path, "address", v.address);
    read(j, path, "decl_line", v.decl_line);
    read(j, path, "node", v.node);
    if (v.node < -1 || (v.node >= 0 && static_cast<std::size_t>(v.node) >= nodes))
        fail(join(path, "node"), "no graph node " + std::to_string(v.node));
    if (const json* children = array(j, path, "children")) {
        const std::string& deepest_spelled = depth <= spelled_out_depth ? path : shallow;
        v.children.reserve(children->size());
        for (std::size_t i = 0; i < children->size(); ++i)
            v.children.push_back(read_variable((*children)[i], child_path(path, deepest_spelled, depth + 1, i),
                                               depth + 1, deepest_spelled, nodes));
    }
    return v;
}

Frame read_frame(const json& j, const std::string& path, std::size_t nodes) {
    require_object(j, path);
    Frame f;
    read_address(j, path, "pc", f.pc);
    read(j, path, "module", f.module);
    read(j, path, "build_id", f.build_id);
    read(j, path, "function", f.function);
    read(j, path, "file", f.file);
    read(j, path, "line", f.line);
    read(j, path, "column", f.column);
    read(j, path, "inlined", f.inlined);
    read(j, path, "category", f.category);
    if (const json* snippet = array(j, path, "snippet")) {
        const std::string here = join(path, "snippet");
        for (std::size_t i = 0; i < snippet->size(); ++i) {
            const json& item = (*snippet)[i];
            const std::string at = at_index(here, i);
            require_object(item, at);
            SourceLine line;
            read(item, at, "line", line.line);
            read(item, at, "text", line.text);
            f.snippet.push_back(std::move(line));
        }
    }
    if (const json* vars = array(j, path, "vars")) {
        const std::string here = join(path, "vars");
        f.vars.reserve(vars->size());
        for (std::size_t i = 0; i < vars->size(); ++i)
            f.vars.push_back(read_variable((*vars)[i], at_index(here, i), 1, {}, nodes));
    }
    return f;
}

Thread read_thread(const json& j, const std::string& path, std::size_t nodes) {
    require_object(j, path);
    Thread t;
    read(j, path, "tid", t.tid);
    read(j, path, "name", t.name);
    read(j, path, "failing", t.failing);
    read(j, path, "truncated", t.truncated);
    if (const json* frames = array(j, path, "frames")) {
        const std::string here = join(path, "frames");
        t.frames.reserve(frames->size());
        for (std::size_t i = 0; i < frames->size(); ++i)
            t.frames.push_back(read_frame((*frames)[i], at_index(here, i), nodes));
    }
    return t;
}

void read_node_index(const json& j, const std::string& path, const char* key, int& out, int lowest,
                     std::size_t nodes) {
    read(j, path, key, out);
    if (out < lowest || (out >= 0 && static_cast<std::size_t>(out) >= nodes))
        fail(join(path, key), "no graph node " + std::to_string(out));
}

CapturedGraph read_graph(const json& j) {
    CapturedGraph g;
    read(j, "graph", "truncated", g.truncated);
    if (const json* nodes = array(j, "graph", "nodes")) {
        g.nodes.reserve(nodes->size());
        for (std::size_t i = 0; i < nodes->size(); ++i) {
            const json& item = (*nodes)[i];
            const std::string at = at_index("graph.nodes", i);
            require_object(item, at);
            CapturedNode n;
            read_address(item, at, "address", n.address);
            read(item, at, "type", n.type);
            read(item, at, "summary", n.summary);
            read(item, at, "tid", n.tid);
            read(item, at, "frame", n.frame);
            read(item, at, "variable", n.variable);
            read(item, at, "path", n.path);
            g.nodes.push_back(std::move(n));
        }
    }
    if (const json* edges = array(j, "graph", "edges")) {
        g.edges.reserve(edges->size());
        for (std::size_t i = 0; i < edges->size(); ++i) {
            const json& item = (*edges)[i];
            const std::string at = at_index("graph.edges", i);
            require_object(item, at);
            CapturedEdge e;
            read_node_index(item, at, "from", e.from, -1, g.nodes.size());
            read(item, at, "tid", e.tid);
            read(item, at, "frame", e.frame);
            read(item, at, "variable", e.variable);
            if (!member(item, "to")) fail(at, "an edge needs \"to\"");
            read_node_index(item, at, "to", e.to, 0, g.nodes.size());
            read(item, at, "path", e.path);
            g.edges.push_back(std::move(e));
        }
    }
    return g;
}

Report read_report(const json& j) {
    if (!j.is_object()) fail("top level", std::string("expected an object, got ") + type_word(j));
    Report r;
    read(j, "", "format", r.format_major);
    read(j, "", "format_minor", r.format_minor);
    file::check_format_version(r.format_major, r.format_minor);
    read(j, "", "tool_version", r.tool_version);
    read(j, "", "kind", r.kind);
    read(j, "", "message", r.message);
    read(j, "", "fingerprint", r.fingerprint);
    read(j, "", "fingerprint_version", r.fingerprint_version);
    read(j, "", "fingerprint_frames", r.fingerprint_frames);
    if (const json* t = object(j, "", "test")) {
        read(*t, "test", "suite", r.test.suite);
        read(*t, "test", "name", r.test.name);
        read(*t, "test", "full_name", r.test.full_name);
        read(*t, "test", "parameters", r.test.parameters);
        read(*t, "test", "section", r.test.section);
        read(*t, "test", "file", r.test.file);
        read(*t, "test", "line", r.test.line);
    }
    if (const json* a = object(j, "", "assertion")) {
        read(*a, "assertion", "expression", r.assertion.expression);
        read(*a, "assertion", "file", r.assertion.file);
        read(*a, "assertion", "line", r.assertion.line);
    }
    if (const json* s = object(j, "", "signal")) {
        read(*s, "signal", "number", r.signal.number);
        read(*s, "signal", "name", r.signal.name);
        read(*s, "signal", "code", r.signal.code);
        read(*s, "signal", "code_name", r.signal.code_name);
        read_address(*s, "signal", "fault_address", r.signal.fault_address);
    }
    if (const json* e = object(j, "", "exception")) {
        read(*e, "exception", "type", r.exception.type);
        read(*e, "exception", "what", r.exception.what);
    }
    read(j, "", "pid", r.pid);
    read(j, "", "command_line", r.command_line);
    read(j, "", "time", r.time);
    read(j, "", "host", r.host);
    read(j, "", "os", r.os);
    read(j, "", "binary", r.binary);
    read(j, "", "build_id", r.build_id);
    read(j, "", "std_library", r.std_library);
    read(j, "", "environment", r.environment);
    read(j, "", "masking_rules", r.masking_rules);
    read(j, "", "extra", r.extra);
    if (const json* c = object(j, "", "capture")) {
        read(*c, "capture", "path", r.capture.path);
        read(*c, "capture", "duration_ms", r.capture.duration_ms);
        read(*c, "capture", "truncated", r.capture.truncated);
        read(*c, "capture", "notes", r.capture.notes);
    }
    // The graph first: the values refer to its nodes.
    if (const json* g = object(j, "", "graph")) r.graph = read_graph(*g);
    if (const json* threads = array(j, "", "threads")) {
        r.threads.reserve(threads->size());
        for (std::size_t i = 0; i < threads->size(); ++i)
            r.threads.push_back(read_thread((*threads)[i], at_index("threads", i), r.graph.nodes.size()));
    }
    return r;
}

// The nesting and the number of values of a JSON text, checked before it is
// parsed: nlohmann's parser keeps its own stack (no recursion) and rejects
// invalid UTF-8, but builds whatever the text describes. (Its parser callback
// could stop it too, but costs time quadratic in the length of an array of
// objects.) Exact for valid JSON; on invalid JSON exact up to the first
// error, which is where the parser stops.
void check_shape(const std::string& text) {
    int depth = 0;
    std::size_t values = 1;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '{':
            case '[':
                if (++depth > file::max_json_depth)
                    throw FormatError("capsule.json: nested deeper than " + std::to_string(file::max_json_depth) +
                                      " levels");
                [[fallthrough]];
            case ',':
                // Each container and each further element or member: what the
                // document's memory grows with.
                if (++values > file::max_json_values)
                    throw FormatError("capsule.json: more than " + std::to_string(file::max_json_values) + " values");
                break;
            case '}':
            case ']': --depth; break;
            default: break;
        }
    }
}

json parse_bounded(const std::string& text) {
    check_shape(text);
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw FormatError(file::one_line(std::string("capsule.json: ") + e.what()));
    }
}

}  // namespace

Report report_from_json(const std::string& text) {
    const json document = parse_bounded(text);
    return read_report(document);
}

namespace file {

Report report_from_owned_json(std::string text) {
    const json document = parse_bounded(text);
    // Freed before the Report is built beside the document: the reader holds
    // two of text, document and Report at a time, never all three.
    std::string().swap(text);
    return read_report(document);
}

}  // namespace file

}  // namespace capsule

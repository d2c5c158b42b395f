// Report -> capsule.json. Keys keep the order of the documented shape, so that
// `capsule show --json` reads top-down like the text view.
#include <nlohmann/json.hpp>

#include "capsule/file.hpp"
#include "file/hex.hpp"
#include "file/limits.hpp"
#include "file/one_line.hpp"

namespace capsule {
namespace {

using ojson = nlohmann::ordered_json;

ojson variable_to_json(const Variable& var, int depth) {
    ojson j;
    j["name"] = var.name;
    j["kind"] = var.kind;
    j["type"] = var.type;
    j["value"] = var.value;
    const bool cut = depth >= file::max_value_depth && !var.children.empty();
    ValueStatus status = var.status;
    if (cut && status == ValueStatus::ok) status = ValueStatus::truncated;
    j["status"] = to_string(status);
    if (var.address != 0) j["address"] = file::to_hex(var.address);
    if (var.decl_line != 0) j["decl_line"] = var.decl_line;
    if (var.node >= 0) j["node"] = var.node;
    if (!var.children.empty() && !cut) {
        ojson children = ojson::array();
        for (const Variable& child : var.children) children.push_back(variable_to_json(child, depth + 1));
        j["children"] = std::move(children);
    }
    return j;
}

ojson frame_to_json(const Frame& frame) {
    ojson j;
    j["pc"] = file::to_hex(frame.pc);
    j["module"] = frame.module;
    j["build_id"] = frame.build_id;
    j["function"] = frame.function;
    j["file"] = frame.file;
    j["line"] = frame.line;
    j["column"] = frame.column;
    j["inlined"] = frame.inlined;
    j["category"] = frame.category;
    ojson snippet = ojson::array();
    for (const SourceLine& line : frame.snippet) snippet.push_back({{"line", line.line}, {"text", line.text}});
    j["snippet"] = std::move(snippet);
    ojson vars = ojson::array();
    for (const Variable& var : frame.vars) vars.push_back(variable_to_json(var, 1));
    j["vars"] = std::move(vars);
    return j;
}

ojson thread_to_json(const Thread& thread) {
    ojson j;
    j["tid"] = thread.tid;
    j["name"] = thread.name;
    j["failing"] = thread.failing;
    j["truncated"] = thread.truncated;
    ojson frames = ojson::array();
    for (const Frame& frame : thread.frames) frames.push_back(frame_to_json(frame));
    j["frames"] = std::move(frames);
    return j;
}

ojson graph_to_json(const CapturedGraph& graph) {
    ojson nodes = ojson::array();
    for (const CapturedNode& n : graph.nodes)
        nodes.push_back({{"address", file::to_hex(n.address)},
                         {"type", n.type},
                         {"summary", n.summary},
                         {"tid", n.tid},
                         {"frame", n.frame},
                         {"variable", n.variable},
                         {"path", n.path}});
    ojson edges = ojson::array();
    for (const CapturedEdge& e : graph.edges) {
        ojson j;
        j["from"] = e.from;
        if (e.from < 0) {
            j["tid"] = e.tid;
            j["frame"] = e.frame;
            j["variable"] = e.variable;
        }
        j["to"] = e.to;
        j["path"] = e.path;
        edges.push_back(std::move(j));
    }
    ojson j;
    j["nodes"] = std::move(nodes);
    j["edges"] = std::move(edges);
    j["truncated"] = graph.truncated;
    return j;
}

ojson string_map(const std::map<std::string, std::string>& map) {
    ojson j = ojson::object();
    for (const auto& [key, value] : map) j[key] = value;
    return j;
}

ojson report_to_ojson(const Report& r) {
    ojson j;
    j["format"] = r.format_major;
    j["format_minor"] = r.format_minor;
    j["tool_version"] = r.tool_version;
    j["kind"] = r.kind;
    j["message"] = r.message;
    j["fingerprint"] = r.fingerprint;
    j["fingerprint_version"] = r.fingerprint_version;
    j["fingerprint_frames"] = r.fingerprint_frames;
    j["test"] = {{"suite", r.test.suite},         {"name", r.test.name},
                 {"full_name", r.test.full_name}, {"parameters", r.test.parameters},
                 {"section", r.test.section},     {"file", r.test.file},
                 {"line", r.test.line}};
    j["assertion"] = {
        {"expression", r.assertion.expression}, {"file", r.assertion.file}, {"line", r.assertion.line}};
    j["signal"] = {{"number", r.signal.number},
                   {"name", r.signal.name},
                   {"code", r.signal.code},
                   {"code_name", r.signal.code_name},
                   {"fault_address", file::to_hex(r.signal.fault_address)}};
    j["exception"] = {{"type", r.exception.type}, {"what", r.exception.what}};
    j["pid"] = r.pid;
    j["command_line"] = r.command_line;
    j["time"] = r.time;
    j["host"] = r.host;
    j["os"] = r.os;
    j["binary"] = r.binary;
    j["build_id"] = r.build_id;
    j["std_library"] = r.std_library;
    j["environment"] = string_map(r.environment);
    j["masking_rules"] = r.masking_rules;
    j["extra"] = string_map(r.extra);
    j["capture"] = {{"path", r.capture.path},
                    {"duration_ms", r.capture.duration_ms},
                    {"truncated", r.capture.truncated},
                    {"notes", r.capture.notes}};
    ojson threads = ojson::array();
    for (const Thread& thread : r.threads) threads.push_back(thread_to_json(thread));
    j["threads"] = std::move(threads);
    j["graph"] = graph_to_json(r.graph);
    return j;
}

// Strings past the reader's bound are cut (with "..."), so that every capsule
// written can be read back; only a message or a value captured with a huge
// max_string_bytes gets there. Recursion: the writer bounds the nesting.
void cut_long_strings(ojson& j) {
    if (j.is_string()) {
        std::string& text = j.get_ref<std::string&>();
        if (text.size() > file::max_string_field_bytes) text = file::excerpt(text, file::max_string_field_bytes - 3);
    } else if (j.is_structured()) {
        for (ojson& child : j) cut_long_strings(child);
    }
}

}  // namespace

std::string report_to_json(const Report& report, int indent) {
    ojson j = report_to_ojson(report);
    cut_long_strings(j);
    // Values are bytes read from a process that just failed: anything goes.
    // Invalid UTF-8 becomes U+FFFD instead of an exception, so the capsule is
    // always written and always valid JSON.
    return j.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace capsule

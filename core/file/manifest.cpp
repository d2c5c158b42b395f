// manifest.yaml: the summary of a capsule, for people and scripts that do not
// want to parse the frames. Written with yaml-cpp so that quoting is right for
// any message or path.
#include "file/manifest.hpp"

#include <charconv>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "capsule/file.hpp"
#include "file/format_version.hpp"
#include "file/hex.hpp"
#include "file/one_line.hpp"

namespace capsule {
namespace {

struct Counts {
    std::size_t frames = 0;
    std::size_t variables = 0;  // parameters and locals of frames
    std::size_t values = 0;     // every node of every value tree
};

Counts count(const Report& report) {
    Counts counts;
    // An explicit stack: a report built in memory has no depth bound yet.
    std::vector<const Variable*> pending;
    for (const Thread& thread : report.threads) {
        counts.frames += thread.frames.size();
        for (const Frame& frame : thread.frames) {
            counts.variables += frame.vars.size();
            for (const Variable& var : frame.vars) pending.push_back(&var);
        }
    }
    while (!pending.empty()) {
        const Variable* var = pending.back();
        pending.pop_back();
        ++counts.values;
        for (const Variable& child : var->children) pending.push_back(&child);
    }
    return counts;
}

std::string test_id(const TestIdentity& test) {
    if (!test.full_name.empty()) return test.full_name;
    if (test.suite.empty()) return test.name;
    if (test.name.empty()) return test.suite;
    return test.suite + "." + test.name;
}

// manifest.yaml is a summary, and readers refuse one over 1 MiB (it is read
// before anything else): each text is cut, and so is the list of rules. The
// whole message and every rule stay in capsule.json.
constexpr std::size_t max_manifest_text = 4096;
constexpr std::size_t max_manifest_rules = 64;

// Every string is quoted: unquoted, a YAML reader would turn a time into a
// timestamp, "1.10" into a float, and a hex build id of digits into a number.
void text(YAML::Emitter& out, const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << file::excerpt(value, max_manifest_text);
}

template <typename Number>
void scalar(YAML::Emitter& out, const char* key, Number value) {
    out << YAML::Key << key << YAML::Value << value;
}

std::string version_text(int major, int minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

bool parse_version(const std::string& text, int& major, int& minor) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    auto [dot, ec] = std::from_chars(begin, end, major);
    if (ec != std::errc()) return false;
    if (dot == end) {
        minor = 0;
        return true;
    }
    if (*dot != '.') return false;
    auto [last, ec2] = std::from_chars(dot + 1, end, minor);
    return ec2 == std::errc() && last == end;
}

}  // namespace

std::string report_to_manifest_yaml(const Report& r) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    text(out, "format", version_text(r.format_major, r.format_minor));
    text(out, "tool_version", r.tool_version);
    text(out, "kind", r.kind);
    text(out, "test", test_id(r.test));
    text(out, "message", r.message);
    text(out, "fingerprint", r.fingerprint);
    scalar(out, "fingerprint_version", r.fingerprint_version);
    text(out, "time", r.time);
    text(out, "host", r.host);
    text(out, "os", r.os);
    scalar(out, "pid", r.pid);
    text(out, "binary", r.binary);
    text(out, "build_id", r.build_id);
    out << YAML::Key << "capture" << YAML::Value << YAML::BeginMap;
    text(out, "path", r.capture.path);
    scalar(out, "duration_ms", r.capture.duration_ms);
    scalar(out, "truncated", r.capture.truncated);
    out << YAML::EndMap;
    text(out, "std_library", r.std_library);
    out << YAML::Key << "masking_rules" << YAML::Value << YAML::BeginSeq;
    for (std::size_t i = 0; i < r.masking_rules.size() && i < max_manifest_rules; ++i)
        out << YAML::DoubleQuoted << file::excerpt(r.masking_rules[i], max_manifest_text);
    out << YAML::EndSeq;
    if (r.signal.number != 0) {
        out << YAML::Key << "signal" << YAML::Value << YAML::BeginMap;
        scalar(out, "number", r.signal.number);
        text(out, "name", r.signal.name);
        scalar(out, "code", r.signal.code);
        text(out, "code_name", r.signal.code_name);
        text(out, "fault_address", file::to_hex(r.signal.fault_address));
        out << YAML::EndMap;
    }
    if (!r.exception.type.empty() || !r.exception.what.empty()) {
        out << YAML::Key << "exception" << YAML::Value << YAML::BeginMap;
        text(out, "type", r.exception.type);
        text(out, "what", r.exception.what);
        out << YAML::EndMap;
    }
    if (!r.assertion.expression.empty()) {
        out << YAML::Key << "assertion" << YAML::Value << YAML::BeginMap;
        text(out, "expression", r.assertion.expression);
        text(out, "file", r.assertion.file);
        scalar(out, "line", r.assertion.line);
        out << YAML::EndMap;
    }
    // A test's first failure gets the capsule; how many followed it is part
    // of the summary (the CI step reads it without the frames).
    if (const auto further = r.extra.find("further_failures"); further != r.extra.end())
        out << YAML::Key << "further_failures" << YAML::Value << file::excerpt(further->second, max_manifest_text);
    const Counts counts = count(r);
    out << YAML::Key << "counts" << YAML::Value << YAML::BeginMap;
    scalar(out, "threads", r.threads.size());
    scalar(out, "frames", counts.frames);
    scalar(out, "variables", counts.variables);
    scalar(out, "values", counts.values);
    scalar(out, "objects", r.graph.nodes.size());
    out << YAML::EndMap;
    out << YAML::EndMap;
    if (!out.good()) throw std::runtime_error("manifest.yaml: " + out.GetLastError());
    return std::string(out.c_str()) + "\n";
}

namespace file {

void check_manifest(const std::string& yaml) {
    std::string format;
    try {
        const YAML::Node root = YAML::Load(yaml);
        if (!root.IsMap()) throw FormatError("manifest.yaml: not a map");
        const YAML::Node node = root["format"];
        if (!node) throw FormatError("manifest.yaml: no format version");
        if (!node.IsScalar()) throw FormatError("manifest.yaml: format: not a version number");
        format = node.Scalar();
    } catch (const YAML::Exception& e) {
        throw FormatError(one_line("manifest.yaml: " + std::string(e.what())));
    }
    int major = 0;
    int minor = 0;
    if (!parse_version(format, major, minor))
        throw FormatError(one_line("manifest.yaml: format: not a version number: " + format));
    check_format_version(major, minor);
}

}  // namespace file
}  // namespace capsule

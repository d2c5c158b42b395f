// CapsuleRecord from a report, and bundle.json both ways.
#include "ci/records.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "ci/fs.hpp"

namespace capsule::cli::ci {
namespace {

using json = nlohmann::ordered_json;

constexpr int bundle_version = 1;
constexpr std::size_t shown_variables = 5;
constexpr std::size_t value_chars = 120;

// The frame a person fixes: the innermost one of the program's own code.
const Frame* failing_frame(const Report& report) {
    const Thread* thread = report.failing_thread();
    if (!thread || thread->frames.empty()) return nullptr;
    for (const Frame& frame : thread->frames)
        if (frame.category == "user") return &frame;
    return &thread->frames.front();
}

std::string shown_value(const Variable& v) {
    std::string value = v.status == ValueStatus::ok ? v.value : std::string("<") + to_string(v.status) + ">";
    for (char& c : value)
        if (c == '\n' || c == '\r') c = ' ';
    if (value.size() > value_chars) value = value.substr(0, value_chars) + "...";
    return value;
}

// CAPSULE_LEG is on the capture's environment allow-list, so each capsule
// says which matrix leg wrote it.
std::string leg_of(const Report& report) {
    if (auto it = report.environment.find("CAPSULE_LEG"); it != report.environment.end()) return it->second;
    if (auto it = report.extra.find("leg"); it != report.extra.end()) return it->second;
    return "";
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

CapsuleRecord record_from_report(const Report& report, const std::string& workspace) {
    CapsuleRecord r;
    r.test = report.test.full_name;
    r.test_name = report.test.name;
    r.suite = report.test.suite;
    if (auto it = report.environment.find("CTEST_TEST_NAME"); it != report.environment.end())
        r.ctest_name = it->second;
    r.kind = report.kind;
    r.cause = !report.signal.name.empty() ? report.signal.name : report.exception.type;
    r.fingerprint = report.fingerprint;
    r.message = report.message;
    if (const Frame* frame = failing_frame(report)) {
        r.function = frame->function;
        r.file = frame->file;
        r.line = frame->line;
        for (const Variable& v : frame->vars) {
            if (r.variables.size() == shown_variables) break;
            r.variables.push_back(v.name + " = " + shown_value(v));
        }
    }
    // An assertion knows its own line better than the frame's line table.
    if (report.kind == "assertion" && !report.assertion.file.empty() && report.assertion.line > 0) {
        r.file = report.assertion.file;
        r.line = report.assertion.line;
    }
    r.file = workspace_relative(r.file, workspace);
    r.leg = leg_of(report);
    r.host = report.host;
    r.build_id = report.build_id;
    r.time = report.time;
    return r;
}

std::string failure_key(const CapsuleRecord& record) {
    if (!record.fingerprint.empty()) return record.fingerprint;
    return record.kind + ":" + record.test;
}

std::string bundle_to_json(const Bundle& bundle) {
    json j;
    j["format"] = "capsule-ci-bundle";
    j["version"] = bundle_version;
    j["legs"] = bundle.legs;
    j["junit"] = bundle.junit;
    j["testcases"] = bundle.testcases;
    j["failed_testcases"] = bundle.failed_testcases;
    json capsules = json::array();
    for (const CapsuleRecord& r : bundle.capsules) {
        json c;
        c["path"] = r.path;
        c["html"] = r.html;
        c["test"] = r.test;
        c["test_name"] = r.test_name;
        c["suite"] = r.suite;
        c["ctest_name"] = r.ctest_name;
        c["kind"] = r.kind;
        c["cause"] = r.cause;
        c["fingerprint"] = r.fingerprint;
        c["message"] = r.message;
        c["function"] = r.function;
        c["file"] = r.file;
        c["line"] = r.line;
        c["variables"] = r.variables;
        c["leg"] = r.leg;
        c["host"] = r.host;
        c["build_id"] = r.build_id;
        c["time"] = r.time;
        c["testcase"] = r.testcase;
        c["rebuilt"] = r.rebuilt;
        capsules.push_back(std::move(c));
    }
    j["capsules"] = std::move(capsules);
    return j.dump(1) + "\n";
}

Bundle bundle_from_json(const std::string& text_in, const std::string& source) {
    json j = json::parse(text_in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || text(j, "format") != "capsule-ci-bundle")
        throw std::runtime_error(source + ": not a capsule CI bundle");
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() > bundle_version)
        throw std::runtime_error(source + ": bundle version not supported");
    Bundle bundle;
    auto strings = [&](const char* key) {
        std::vector<std::string> out;
        if (auto it = j.find(key); it != j.end() && it->is_array())
            for (const json& s : *it)
                if (s.is_string()) out.push_back(s.get<std::string>());
        return out;
    };
    bundle.legs = strings("legs");
    bundle.junit = strings("junit");
    if (j.contains("testcases") && j["testcases"].is_number_unsigned()) bundle.testcases = j["testcases"];
    if (j.contains("failed_testcases") && j["failed_testcases"].is_number_unsigned())
        bundle.failed_testcases = j["failed_testcases"];
    if (!j.contains("capsules") || !j["capsules"].is_array())
        throw std::runtime_error(source + ": bundle has no capsule list");
    for (const json& c : j["capsules"]) {
        if (!c.is_object()) throw std::runtime_error(source + ": bundle entry is not an object");
        CapsuleRecord r;
        r.path = text(c, "path");
        r.html = text(c, "html");
        r.test = text(c, "test");
        r.test_name = text(c, "test_name");
        r.suite = text(c, "suite");
        r.ctest_name = text(c, "ctest_name");
        r.kind = text(c, "kind");
        r.cause = text(c, "cause");
        r.fingerprint = text(c, "fingerprint");
        r.message = text(c, "message");
        r.function = text(c, "function");
        r.file = text(c, "file");
        if (auto it = c.find("line"); it != c.end() && it->is_number_integer()) r.line = it->get<int>();
        if (auto it = c.find("variables"); it != c.end() && it->is_array())
            for (const json& v : *it)
                if (v.is_string()) r.variables.push_back(v.get<std::string>());
        r.leg = text(c, "leg");
        r.host = text(c, "host");
        r.build_id = text(c, "build_id");
        r.time = text(c, "time");
        r.testcase = text(c, "testcase");
        if (auto it = c.find("rebuilt"); it != c.end() && it->is_boolean()) r.rebuilt = it->get<bool>();
        bundle.capsules.push_back(std::move(r));
    }
    return bundle;
}

}  // namespace capsule::cli::ci

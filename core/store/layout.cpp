#include "store/layout.hpp"

#include <cstdio>
#include <ctime>

#include "file/one_line.hpp"

namespace capsule::store {
namespace {

constexpr std::size_t max_kind = 32;
constexpr std::size_t max_cause = 80;
// Index fields are bounded so that one entry stays one short line: appends of
// short lines are what the lock makes indivisible.
constexpr std::size_t max_test = 600;
constexpr std::size_t max_function = 600;
constexpr std::size_t max_cause_field = 200;

bool allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '+' || c == '-';
}

std::string date_of(std::time_t when) {
    std::tm utc{};
    gmtime_r(&when, &utc);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
    return buffer;
}

// Index fields are one line of text: control bytes would break the line
// format of other tools that read the index (grep, awk).
std::string field(const std::string& text, std::size_t max) {
    return file::excerpt(file::one_line(text), max);
}

}  // namespace

std::string path_component(std::string_view text, std::size_t max, const std::string& fallback) {
    std::string out;
    for (char c : text) {
        if (out.size() >= max) break;
        if (allowed(c)) out += c;
        else if (!out.empty() && out.back() != '_') out += '_';
    }
    const std::size_t first = out.find_first_not_of("._-");
    out = first == std::string::npos ? std::string() : out.substr(first);
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? fallback : out;
}

std::string failure_cause(const Report& report) {
    if (!report.exception.type.empty()) return report.exception.type;
    if (!report.signal.name.empty()) return report.signal.name;
    if (report.signal.number != 0) return "signal " + std::to_string(report.signal.number);
    return {};
}

std::string top_user_function(const Report& report) {
    const Thread* thread = report.failing_thread();
    if (!thread && !report.threads.empty()) thread = &report.threads.front();
    if (!thread) return {};
    for (const Frame& frame : thread->frames)
        if (frame.category == "user" && !frame.function.empty()) return frame.function;
    return {};
}

std::string relative_directory(const Report& report, std::time_t fallback_time) {
    std::time_t when = fallback_time;
    parse_capsule_time(report.time, when);
    const std::string cause = failure_cause(report);
    return path_component(report.kind, max_kind, "unknown") + "/" +
           path_component(cause, max_cause, "none") + "/" + date_of(when) + "/" +
           path_component(report.fingerprint.substr(0, 12), 12, "no-fingerprint");
}

IndexEntry make_entry(const Report& report, const std::string& relative_path, std::time_t fallback_time) {
    IndexEntry entry;
    entry.time = field(report.time, 40);
    if (std::time_t parsed; !parse_capsule_time(entry.time, parsed)) {
        // A report without a usable time is still ordered and aged by when it was stored.
        std::tm utc{};
        gmtime_r(&fallback_time, &utc);
        char buffer[32];
        std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
        entry.time = buffer;
    }
    entry.kind = field(report.kind, max_kind);
    std::string test = report.test.full_name;
    if (test.empty()) test = report.test.suite.empty() ? report.test.name : report.test.suite + "." + report.test.name;
    entry.test = field(test, max_test);
    entry.fingerprint = field(report.fingerprint, 64);
    entry.cause = field(failure_cause(report), max_cause_field);
    entry.function = field(top_user_function(report), max_function);
    entry.path = relative_path;
    return entry;
}

bool safe_relative_path(std::string_view path) {
    if (path.empty() || path.size() > 4096 || path.front() == '/') return false;
    for (char c : path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return true;
}

}  // namespace capsule::store

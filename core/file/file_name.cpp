// suggested_file_name: KIND-TESTNAME-FP12-TIME-PID.capsule. Only [A-Za-z0-9._]
// inside each part, '-' between parts: safe on every file system (no ':' for
// Windows, no '/' or leading '.'), and short enough for NAME_MAX.
#include <string>
#include <vector>

#include "capsule/file.hpp"

namespace capsule {
namespace {

constexpr std::size_t max_test_name = 80;

bool plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Runs of anything else become one '_'; '.' survives inside a part but not at
// its edges, so no part is "." or "..".
std::string sanitize(const std::string& text, std::size_t max_length) {
    std::string out;
    for (char c : text) {
        if (out.size() >= max_length) break;
        if (plain(c) || c == '.') {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && (out.back() == '_' || out.back() == '.')) out.pop_back();
    std::size_t first = out.find_first_not_of("._");
    return first == std::string::npos ? std::string() : out.substr(first);
}

std::string test_name(const TestIdentity& test) {
    if (!test.full_name.empty()) return test.full_name;
    if (!test.suite.empty() && !test.name.empty()) return test.suite + "." + test.name;
    return test.suite.empty() ? test.name : test.suite;
}

// "2024-05-01T12:34:56.123Z" -> "20240501T123456Z": digits, T and Z only.
std::string compact_time(const std::string& time) {
    std::string out;
    bool fraction = false;
    for (char c : time) {
        if (c == '.') fraction = true;
        if (c == 'T' || c == 'Z' || c == '+') fraction = false;
        if (fraction) continue;
        if ((c >= '0' && c <= '9') || c == 'T' || c == 'Z') out += c;
        if (out.size() >= 20) break;
    }
    return out;
}

}  // namespace

std::string suggested_file_name(const Report& report) {
    std::vector<std::string> parts;
    std::string kind = sanitize(report.kind, 16);
    parts.push_back(kind.empty() ? "capsule" : kind);
    if (std::string name = sanitize(test_name(report.test), max_test_name); !name.empty())
        parts.push_back(name);
    if (std::string fp = sanitize(report.fingerprint.substr(0, 12), 12); !fp.empty()) parts.push_back(fp);
    if (std::string time = compact_time(report.time); !time.empty()) parts.push_back(time);
    if (report.pid > 0) parts.push_back(std::to_string(report.pid));
    std::string name;
    for (const std::string& part : parts) {
        if (!name.empty()) name += '-';
        name += part;
    }
    return name + ".capsule";
}

}  // namespace capsule

// The user's frame rules: parsing them and matching them against a frame.
#include <cctype>

#include "fingerprint/fingerprint.hpp"
#include "fingerprint/frame_class.hpp"
#include "fingerprint/function_name.hpp"

namespace capsule::fingerprint {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string_view last_component(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool path_matches(std::string_view pattern, std::string_view path) {
    return !path.empty() &&
           (glob_match(pattern, path) || glob_match(pattern, last_component(path)));
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
    // Iterative with one backtrack point: linear in practice, no recursion on
    // patterns such as "*a*a*a*".
    std::size_t p = 0, t = 0;
    std::size_t star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::optional<FrameRule> parse_frame_rule(std::string_view text) {
    text = trim(text);
    if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    FrameRule rule;
    rule.app = text[0] == '+';
    text.remove_prefix(1);
    constexpr std::string_view app = "app:";
    if (text.substr(0, app.size()) != app) return std::nullopt;
    text.remove_prefix(app.size());
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view field = text.substr(0, colon);
    if (field != "function" && field != "file" && field != "module") return std::nullopt;
    std::string_view pattern = trim(text.substr(colon + 1));
    if (pattern.empty()) return std::nullopt;
    rule.field = std::string(field);
    rule.pattern = std::string(pattern);
    return rule;
}

bool rule_matches(const FrameRule& rule, const Frame& frame) {
    if (rule.field == "function") {
        if (frame.function.empty()) return false;
        std::string normalized = normalize_function(frame.function);
        return glob_match(rule.pattern, frame.function) || glob_match(rule.pattern, normalized) ||
               glob_match(rule.pattern, qualified_name(normalized));
    }
    if (rule.field == "file") return path_matches(rule.pattern, frame.file);
    if (rule.field == "module") return path_matches(rule.pattern, frame.module);
    return false;
}

}  // namespace capsule::fingerprint

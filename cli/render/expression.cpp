#include "render/expression.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace capsule::cli {
namespace {

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool keyword(std::string_view word) {
    static constexpr std::array<std::string_view, 20> words{
        "true",      "false",       "nullptr",          "sizeof",      "alignof",
        "decltype",  "static_cast", "reinterpret_cast", "const_cast",  "dynamic_cast",
        "and",       "or",          "not",              "new",         "delete",
        "const",     "typeid",      "noexcept",         "operator",    "template"};
    return std::find(words.begin(), words.end(), word) != words.end();
}

// Index just past the literal that opens at `i` with `quote`.
std::size_t skip_quoted(const std::string& text, std::size_t i, char quote) {
    ++i;
    while (i < text.size() && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text.size());
}

// R"delim( ... )delim": backslashes mean nothing inside.
std::size_t skip_raw_string(const std::string& text, std::size_t quote) {
    std::size_t open = text.find('(', quote);
    if (open == std::string::npos) return text.size();
    const std::string close = ")" + text.substr(quote + 1, open - quote - 1) + "\"";
    std::size_t end = text.find(close, open);
    return end == std::string::npos ? text.size() : end + close.size();
}

// The last non-space characters before `i`, up to two of them.
std::string_view before(const std::string& text, std::size_t i) {
    while (i > 0 && space(text[i - 1])) --i;
    return std::string_view(text).substr(i >= 2 ? i - 2 : 0, i >= 2 ? 2 : i);
}

std::string_view after(const std::string& text, std::size_t i) {
    while (i < text.size() && space(text[i])) ++i;
    return std::string_view(text).substr(i, 2);
}

}  // namespace

std::vector<std::string> expression_identifiers(const std::string& text) {
    std::vector<std::string> names;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            i = skip_quoted(text, i, '"');
        } else if (c == '\'') {
            i = skip_quoted(text, i, '\'');
        } else if (c >= '0' && c <= '9') {
            // 1'000, 0x1f, 1.5e3f: digit separators and suffixes belong to the number.
            while (i < text.size() && (ident_char(text[i]) || text[i] == '.' || text[i] == '\'')) ++i;
        } else if (ident_start(c)) {
            std::size_t start = i;
            while (i < text.size() && ident_char(text[i])) ++i;
            std::string_view word = std::string_view(text).substr(start, i - start);
            // String prefixes: R"(...)", u8"...", L'x'.
            if (i < text.size() && (text[i] == '"' || text[i] == '\'') &&
                (word == "R" || word == "u8R" || word == "LR" || word == "uR" || word == "UR")) {
                if (text[i] == '"') {
                    i = skip_raw_string(text, i);
                    continue;
                }
            }
            if (i < text.size() && (text[i] == '"' || text[i] == '\'') &&
                (word == "u8" || word == "L" || word == "u" || word == "U"))
                continue;
            std::string_view left = before(text, start);
            std::string_view right = after(text, i);
            bool member = (!left.empty() && left.back() == '.') || left == "->" || left == "::";
            bool qualifier = right.substr(0, 2) == "::";
            bool called = !right.empty() && right.front() == '(';
            if (member || qualifier || called || keyword(word)) continue;
            if (std::find(names.begin(), names.end(), word) == names.end()) names.emplace_back(word);
        } else {
            ++i;
        }
    }
    return names;
}

}  // namespace capsule::cli

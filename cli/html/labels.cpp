#include "html/labels.hpp"

#include <vector>

namespace capsule::cli::html {
namespace {

constexpr std::string_view ellipsis = "\xe2\x80\xa6";

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Start offsets of the characters of `text` (UTF-8 lead bytes).
std::vector<std::size_t> characters(std::string_view text) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!continuation(text[i])) starts.push_back(i);
    return starts;
}

// Drops a trailing qualifier that follows the parameter list.
std::string_view strip_qualifiers(std::string_view name) {
    for (bool again = true; again;) {
        again = false;
        for (std::string_view q : {" const", " volatile", " &&", " &", " noexcept"}) {
            if (name.size() > q.size() && name.substr(name.size() - q.size()) == q) {
                name.remove_suffix(q.size());
                again = true;
            }
        }
    }
    return name;
}

// "f(int, (anonymous namespace)::X)" -> "f": the parameter list is the
// balanced group that ends the name.
std::string_view strip_parameters(std::string_view name) {
    std::string_view stripped = strip_qualifiers(name);
    if (stripped.empty() || stripped.back() != ')') return name;
    int depth = 0;
    for (std::size_t i = stripped.size(); i-- > 0;) {
        if (stripped[i] == ')')
            ++depth;
        else if (stripped[i] == '(' && --depth == 0)
            return i == 0 ? name : stripped.substr(0, i);
    }
    return name;
}

// Template arguments become "<…>"; an operator's own symbols ("operator<<",
// "operator<=>") are copied as they are.
std::string fold_templates(std::string_view name) {
    constexpr std::string_view op = "operator";
    std::string out;
    int depth = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (depth == 0 && name.substr(i, op.size()) == op) {
            std::size_t end = i + op.size();
            while (end < name.size() && std::string_view("<>=!+-*/%^&|~").find(name[end]) != std::string_view::npos)
                ++end;
            out += name.substr(i, end - i);
            i = end - 1;
        } else if (c == '<') {
            if (depth++ == 0) out += "<";
        } else if (c == '>' && depth > 0) {
            if (--depth == 0) {
                out += ellipsis;
                out += ">";
            }
        } else if (depth == 0) {
            out += c;
        }
    }
    // Unbalanced: not template arguments after all; shown as it is.
    return depth == 0 ? out : std::string(name);
}

}  // namespace

std::string test_title(const TestIdentity& test) {
    if (!test.full_name.empty()) return test.full_name;
    if (!test.suite.empty() && !test.name.empty()) return test.suite + "." + test.name;
    return test.name;
}

std::string_view base_name(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string clip(std::string_view text, std::size_t max_chars) {
    const std::vector<std::size_t> starts = characters(text);
    if (starts.size() <= max_chars || max_chars == 0) return std::string(text);
    return std::string(text.substr(0, starts[max_chars - 1])) + std::string(ellipsis);
}

std::string one_line(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string function_label(std::string_view function, std::size_t max_chars) {
    std::string label = fold_templates(strip_parameters(function));
    const std::vector<std::size_t> starts = characters(label);
    if (starts.size() <= max_chars || max_chars == 0) return label;
    return std::string(ellipsis) + label.substr(starts[starts.size() - (max_chars - 1)]);
}

}  // namespace capsule::cli::html

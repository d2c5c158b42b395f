#include "fingerprint/function_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <vector>

#include "fingerprint/fingerprint.hpp"

namespace capsule::fingerprint {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool word_at(std::string_view s, std::size_t i, std::string_view word) {
    return s.substr(i, word.size()) == word && (i == 0 || !is_word(s[i - 1])) &&
           (i + word.size() >= s.size() || !is_word(s[i + word.size()]));
}

// The symbol after "operator": its brackets must not count as nesting.
std::size_t operator_symbol_length(std::string_view s, std::size_t i) {
    static constexpr std::array<std::string_view, 40> symbols = {
        "->*", "<=>", "<<=", ">>=", "()", "[]", "->", "<<", ">>", "<=", ">=", "==",  "!=", "&&",
        "||",  "++",  "--",  "+=",  "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<",   ">",  "+",
        "-",   "*",   "/",   "%",   "^",  "&",  "|",  "~",  "!",  "=",  ",",  "\"\""};
    for (std::string_view symbol : symbols)
        if (s.substr(i, symbol.size()) == symbol) return symbol.size();
    return 0;
}

// Only qualifiers ("const", "&&", "noexcept"...) in `rest`: what may follow a
// parameter list.
bool only_qualifiers(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size()) {
        if (rest[i] == ' ' || rest[i] == '&') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < rest.size() && is_word(rest[end])) ++end;
        std::string_view word = rest.substr(i, end - i);
        if (word != "const" && word != "volatile" && word != "noexcept") return false;
        i = end;
    }
    return true;
}

bool starts_qualifier(std::string_view rest) {
    return !rest.empty() &&
           (rest[0] == '&' || word_at(rest, 0, "const") || word_at(rest, 0, "volatile"));
}

struct Layout {
    std::size_t name_begin = 0;
    std::size_t params_begin = npos;
};

// Expects normalize_spaces' output.
Layout layout(std::string_view s) {
    int depth = 0;
    std::size_t group_open = npos, group_begin = npos, group_end = npos;
    std::size_t first_operator = npos;
    std::vector<std::size_t> spaces;  // at depth 0
    for (std::size_t i = 0; i < s.size();) {
        if (word_at(s, i, "operator")) {
            if (depth == 0 && first_operator == npos) first_operator = i;
            std::size_t j = i + 8;
            while (j < s.size() && s[j] == ' ') ++j;
            // new, delete and conversion operators go on as ordinary text.
            i = (j < s.size() && is_word(s[j])) ? j : j + operator_symbol_length(s, j);
            continue;
        }
        char c = s[i];
        if (c == '(' || c == '<' || c == '[' || c == '{') {
            if (depth == 0 && c == '(') group_open = i;
            ++depth;
        } else if (c == ')' || c == '>' || c == ']' || c == '}') {
            if (depth > 0) --depth;
            if (depth == 0 && c == ')' && group_open != npos) {
                group_begin = group_open;
                group_end = i;
                group_open = npos;
            }
        } else if (c == ' ' && depth == 0) {
            spaces.push_back(i);
        }
        ++i;
    }
    Layout out;
    if (group_begin == npos || group_begin == 0 || !only_qualifiers(s.substr(group_end + 1)))
        return out;
    out.params_begin = group_begin;
    // The return type ends at the last word break before the name; one inside
    // "operator new" or before "const" is part of the name.
    std::size_t limit = std::min(group_begin, first_operator);
    for (std::size_t space : spaces)
        if (space < limit && !starts_qualifier(s.substr(space + 1))) out.name_begin = space + 1;
    return out;
}

void erase_bracket_tags(std::string& s, std::string_view opening) {
    for (std::size_t at = s.find(opening); at != std::string::npos; at = s.find(opening, at)) {
        std::size_t close = s.find(']', at);
        std::size_t end = close == std::string::npos ? s.size() : close + 1;
        while (at > 0 && s[at - 1] == ' ') --at;
        s.erase(at, end - at);
    }
}

// "+0x1a" offsets and bare "0x7f..." addresses.
void erase_addresses(std::string& s) {
    for (std::size_t at = s.find("0x"); at != std::string::npos; at = s.find("0x", at + 1)) {
        if (at > 0 && is_word(s[at - 1])) continue;
        std::size_t end = at + 2;
        while (end < s.size() && is_hex(s[end])) ++end;
        if (end == at + 2 || (end < s.size() && is_word(s[end]))) continue;
        std::size_t begin = at;
        while (begin > 0 && (s[begin - 1] == '+' || s[begin - 1] == ' ')) --begin;
        s.erase(begin, end - begin);
        at = begin == 0 ? 0 : begin - 1;
        if (s.empty()) break;
    }
}

void erase_counters(std::string& s) {
    // GCC/libiberty: {lambda(int)#2}, {unnamed type#1}.
    for (std::size_t at = s.find('#'); at != std::string::npos; at = s.find('#', at)) {
        std::size_t end = at + 1;
        while (end < s.size() && is_digit(s[end])) ++end;
        if (end > at + 1 && end < s.size() && s[end] == '}')
            s.erase(at, end - at);
        else
            ++at;
    }
    // LLVM: 'lambda2'(int), 'unnamed1'.
    for (std::string_view tag : {std::string_view("'lambda"), std::string_view("'unnamed")}) {
        for (std::size_t at = s.find(tag); at != std::string::npos; at = s.find(tag, at + 1)) {
            std::size_t digits = at + tag.size();
            std::size_t end = digits;
            while (end < s.size() && is_digit(s[end])) ++end;
            if (end < s.size() && s[end] == '\'') s.erase(digits, end - digits);
        }
    }
    for (std::size_t at = s.find("{anonymous}"); at != std::string::npos;
         at = s.find("{anonymous}", at))
        s.replace(at, 11, "(anonymous namespace)");
}

bool is_clone_word(std::string_view word) {
    return word == "constprop" || word == "isra" || word == "part" || word == "cold" ||
           word == "lto_priv" || word == "localalias" || word == "clone" || word == "llvm";
}

// Undemangled clone suffixes: main.cold, f.constprop.0.isra.0, g.llvm.4711.
void erase_clone_suffixes(std::string& s) {
    while (true) {
        std::size_t dot = s.rfind('.');
        if (dot == std::string::npos || dot == 0) return;
        std::string_view tail = std::string_view(s).substr(dot + 1);
        bool digits = !tail.empty() && tail.find_first_not_of("0123456789") == npos;
        if (!digits) {
            if (!is_clone_word(tail)) return;
            s.erase(dot);
            continue;
        }
        std::size_t word_dot = s.rfind('.', dot - 1);
        if (word_dot == std::string::npos) return;
        if (!is_clone_word(std::string_view(s).substr(word_dot + 1, dot - word_dot - 1))) return;
        s.erase(word_dot);
    }
}

}  // namespace

std::string normalize_spaces(std::string_view text, bool keep_literals) {
    std::string out;
    bool pending = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending = !out.empty();
            continue;
        }
        if (pending) {
            char prev = out.back();
            bool between_words = is_word(prev) && is_word(c);
            bool after_closer = !keep_literals && std::strchr(")]>*&", prev) && is_word(c);
            if (between_words || after_closer) out += ' ';
            pending = false;
        }
        if (keep_literals && (c == '"' || c == '\'')) {
            std::size_t end = i + 1;
            while (end < text.size() && text[end] != c) end += text[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, text.size());
            out.append(text.substr(i, end - i));
            i = end - 1;
            continue;
        }
        out += c;
    }
    return out;
}

std::string_view qualified_name(std::string_view normalized) {
    Layout l = layout(normalized);
    std::size_t end = l.params_begin == npos ? normalized.size() : l.params_begin;
    return normalized.substr(l.name_begin, end - l.name_begin);
}

std::string normalize_function(std::string_view demangled) {
    std::string s(demangled);
    erase_bracket_tags(s, "[clone ");
    erase_bracket_tags(s, "[abi:");
    erase_addresses(s);
    erase_counters(s);
    s = normalize_spaces(s);
    erase_clone_suffixes(s);
    if (s == "??") return {};
    Layout l = layout(s);
    return s.substr(l.name_begin);
}

}  // namespace capsule::fingerprint

#include "mask/source_line.hpp"

#include <cctype>
#include <string_view>

#include "mask/mask.hpp"
#include "mask/secret_text.hpp"

namespace capsule::mask {
namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One past the closing quote of the literal opening at text[at] (or the end of
// a line that cuts it off). Handles escapes and raw strings R"d(...)d".
std::size_t literal_end(std::string_view text, std::size_t at, bool raw) {
    const char quote = text[at];
    if (raw) {
        std::size_t paren = text.find('(', at + 1);
        if (paren == std::string_view::npos) return text.size();
        std::string closing = ")" + std::string(text.substr(at + 1, paren - at - 1)) + "\"";
        std::size_t close = text.find(closing, paren + 1);
        return close == std::string_view::npos ? text.size() : close + closing.size();
    }
    for (std::size_t pos = at + 1; pos < text.size(); ++pos) {
        if (text[pos] == '\\') {
            ++pos;
        } else if (text[pos] == quote) {
            return pos + 1;
        }
    }
    return text.size();
}

// `--password=x`, `DB_PASSWORD=x`, `token: x`: the name before the separator.
bool setting_names_secret(std::string_view content, const MaskRules& rules, std::size_t& value_at) {
    std::size_t sep = content.find_first_of("=:");
    if (sep == std::string_view::npos || sep == 0 || sep + 1 >= content.size()) return false;
    std::string_view name = content.substr(0, sep);
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    if (name.empty() || name.find_first_of(" /\\") != std::string_view::npos) return false;
    value_at = sep + 1;
    while (value_at < content.size() && content[value_at] == ' ') ++value_at;
    return value_at < content.size() && name_is_secret(name, rules);
}

bool looks_like_key(std::string_view content) {
    if (content.empty() || content.size() > 64) return false;
    for (char c : content)
        if (!is_ident_char(c) && c != '-' && c != '.') return false;
    return true;
}

class LineMasker {
public:
    LineMasker(std::string_view text, const MaskRules& rules) : text_(text), rules_(rules) {}

    std::string run() {
        std::size_t pos = 0;
        while (pos < text_.size()) {
            const char c = text_[pos];
            if (c == '/' && pos + 1 < text_.size() && text_[pos + 1] == '/') {
                copy(pos, text_.size());  // a comment: left as written
                break;
            }
            if (c == '"' || c == '\'') {
                pos = string_literal(pos, pos, false);
            } else if (is_ident_start(c)) {
                std::size_t end = pos;
                while (end < text_.size() && is_ident_char(text_[end])) ++end;
                std::string_view word = text_.substr(pos, end - pos);
                // Encoding prefixes and raw strings: u8"..", LR"(..)".
                const bool prefix = end < text_.size() && text_[end] == '"' &&
                                    (word == "R" || word == "u8" || word == "u" || word == "U" ||
                                     word == "L" || word == "u8R" || word == "uR" ||
                                     word == "UR" || word == "LR");
                if (prefix) {
                    pos = string_literal(pos, end, word.back() == 'R');
                    continue;
                }
                if (!names_a_type(end) && name_is_secret(word, rules_)) armed_ = true;
                copy(pos, end);
                pos = end;
            } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                       (c == '.' && pos + 1 < text_.size() &&
                        std::isdigit(static_cast<unsigned char>(text_[pos + 1])))) {
                std::size_t end = pos;
                while (end < text_.size() &&
                       (is_ident_char(text_[end]) || text_[end] == '.' || text_[end] == '\'' ||
                        ((text_[end] == '+' || text_[end] == '-') && end > pos &&
                         (text_[end - 1] == 'e' || text_[end - 1] == 'E' || text_[end - 1] == 'p' ||
                          text_[end - 1] == 'P'))))
                    ++end;
                if (armed_ && last_punct_ != '[') {
                    out_ += masked_text;
                } else {
                    copy(pos, end);
                }
                pos = end;
            } else {
                if (c == ';') armed_ = false;
                if (!std::isspace(static_cast<unsigned char>(c))) last_punct_ = c;
                out_ += c;
                ++pos;
            }
        }
        return out_;
    }

private:
    // `Credentials backup;`, `vector<Credentials>`, `TokenKind::x`: the word
    // names a type or a scope, not a variable that a literal is given to.
    bool names_a_type(std::size_t end) const {
        while (end < text_.size() && text_[end] == ' ') ++end;
        if (end >= text_.size()) return false;
        const char next = text_[end];
        return is_ident_start(next) || next == '<' || next == '>' ||
               (next == ':' && end + 1 < text_.size() && text_[end + 1] == ':');
    }

    void copy(std::size_t from, std::size_t to) {
        out_.append(text_.substr(from, to - from));
        if (to > from) last_punct_ = 0;
    }

    // A literal starting at `start` (its prefix) whose quote is at `quote`.
    std::size_t string_literal(std::size_t start, std::size_t quote, bool raw) {
        const std::size_t end = literal_end(text_, quote, raw);
        const char q = text_[quote];
        std::string_view whole = text_.substr(start, end - start);
        std::size_t open = quote - start + 1;
        std::size_t close = (end > quote + 1 && text_[end - 1] == q) ? 1 : 0;
        if (raw) {
            std::size_t paren = whole.find('(');
            open = paren == std::string_view::npos ? whole.size() : paren + 1;
            std::size_t rclose = whole.rfind(')');
            close = (rclose != std::string_view::npos && rclose >= open) ? whole.size() - rclose : 0;
        }
        std::string_view content = whole.substr(open, whole.size() - open - close);
        std::size_t value_at = 0;
        if (armed_) {
            out_.append(whole.substr(0, open));
            out_ += masked_text;
            out_.append(whole.substr(whole.size() - close));
        } else if (setting_names_secret(content, rules_, value_at)) {
            out_.append(whole.substr(0, open + value_at));
            out_ += masked_text;
            out_.append(whole.substr(whole.size() - close));
        } else {
            out_.append(whole);
            // A key such as "password" arms what follows: m["password"] = "x".
            // Only a key-like literal: a message that mentions "auth" is not a key.
            if (q == '"' && looks_like_key(content) && name_is_secret(content, rules_)) armed_ = true;
        }
        last_punct_ = 0;
        return end;
    }

    std::string_view text_;
    const MaskRules& rules_;
    std::string out_;
    bool armed_ = false;
    char last_punct_ = 0;
};

}  // namespace

void mask_source_line(std::string& text, const MaskRules& rules) {
    std::string named = LineMasker(text, rules).run();
    text = rules.detect_secret_values ? mask_secrets(named) : named;
}

}  // namespace capsule::mask

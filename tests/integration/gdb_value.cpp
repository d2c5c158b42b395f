#include "gdb_value.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace capsule::integration {

namespace {

constexpr std::string_view vector_header = "std::vector of length ";

class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool value(GdbValue& out) {
        if (peek() == '{') return aggregate(out);
        return leaf(out);
    }
    bool at_end() const { return pos_ == text_.size(); }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    bool aggregate(GdbValue& out) {
        out.aggregate = true;
        ++pos_;  // '{'
        if (peek() == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            GdbValue item;
            item.name = item_name();
            if (!value(item)) return false;
            out.items.push_back(std::move(item));
            if (text_.substr(pos_, 2) == ", ") {
                pos_ += 2;
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                return true;
            }
            return false;
        }
    }

    // "name = " at the reading position, consumed; empty for an element.
    std::string item_name() {
        std::size_t end = pos_;
        if (peek() == '<') {
            end = text_.find('>', pos_);
            if (end == std::string_view::npos) return {};
            ++end;
        } else {
            while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                          text_[end] == '_' || text_[end] == '$'))
                ++end;
            if (end == pos_ || std::isdigit(static_cast<unsigned char>(text_[pos_]))) return {};
        }
        if (text_.substr(end, 3) != " = ") return {};
        std::string name(text_.substr(pos_, end - pos_));
        pos_ = end + 3;
        return name;
    }

    bool leaf(GdbValue& out) {
        std::size_t start = pos_;
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (c == '"' || c == '\'') {
                if (!skip_quoted(c)) return false;
                continue;
            }
            if (c == '<') {
                // <repeats N times> compresses elements: positions no longer line up.
                if (text_.substr(pos_, 9) == "<repeats ") return false;
                auto close = text_.find('>', pos_);
                if (close == std::string_view::npos) return false;
                pos_ = close + 1;
                continue;
            }
            if (c == ',' || c == '}') break;
            if (c == '{') return false;
            ++pos_;
        }
        out.text = std::string(text_.substr(start, pos_ - start));
        return !out.text.empty();
    }

    bool skip_quoted(char quote) {
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != quote) pos_ += text_[pos_] == '\\' ? 2 : 1;
        if (pos_ >= text_.size()) return false;
        ++pos_;
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

bool is_gdb_scalar(std::string_view text) {
    if (text.empty() || text.front() == '{') return false;
    if (text.starts_with("std::") && text.find(" = {") != std::string_view::npos) return false;
    return true;
}

bool parse_gdb_value(std::string_view text, GdbValue& out) {
    out = GdbValue{};
    if (text.starts_with("std::")) {
        if (!text.starts_with(vector_header)) return false;
        auto body = text.find(" = {");
        if (body == std::string_view::npos) {
            // An empty vector prints just the header.
            out.aggregate = true;
            return text.find('{') == std::string_view::npos;
        }
        text.remove_prefix(body + 3);
    }
    Reader reader(text);
    return reader.value(out) && reader.at_end();
}

namespace {

// The whole text as a floating-point number, in the precision gdb printed
// it with; false for anything else (integers included: they compare as text).
bool as_float(std::string_view text, bool single, long double& out) {
    if (text.empty() || text.find_first_of(".en") == std::string_view::npos) return false;
    const std::string s(text);
    char* end = nullptr;
    out = single ? std::strtof(s.c_str(), &end) : std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
}

std::size_t significant_digits(std::string_view text) {
    std::size_t digits = 0;
    for (char c : text) {
        if (c == 'e' || c == 'E') break;
        if (std::isdigit(static_cast<unsigned char>(c)) && (digits > 0 || c != '0')) ++digits;
    }
    return digits;
}

bool same_leaf(std::string_view capsule, std::string_view gdb) {
    if (capsule == gdb) return true;
    // gdb prints a float with at most 9 significant digits, a double with 17.
    const bool single = significant_digits(gdb) <= 9;
    long double c = 0, g = 0;
    return as_float(capsule, single, c) && as_float(gdb, single, g) && c == g;
}

bool same_items(const GdbValue& capsule, const GdbValue& gdb) {
    if (capsule.aggregate != gdb.aggregate || capsule.name != gdb.name) return false;
    if (!capsule.aggregate) return same_leaf(capsule.text, gdb.text);
    if (capsule.items.size() != gdb.items.size()) return false;
    for (std::size_t i = 0; i < gdb.items.size(); ++i)
        if (!same_items(capsule.items[i], gdb.items[i])) return false;
    return true;
}

}  // namespace

bool same_value_text(std::string_view capsule, std::string_view gdb) {
    if (capsule == gdb) return true;
    GdbValue c, g;
    return parse_gdb_value(capsule, c) && parse_gdb_value(gdb, g) && same_items(c, g);
}

std::string strip_gdb_memory_error(std::string_view text, bool& had_error) {
    constexpr std::string_view marker = " <error: Cannot access memory at address ";
    auto at = text.find(marker);
    had_error = at != std::string_view::npos;
    return std::string(had_error ? text.substr(0, at) : text);
}

}  // namespace capsule::integration

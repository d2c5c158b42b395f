#include "mask/secret_text.hpp"

#include <algorithm>
#include <cctype>

namespace capsule::mask {
namespace {

bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
// RFC 6750 b64token.
bool is_bearer_char(char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

std::size_t run_of(std::string_view text, std::size_t from, bool (*pred)(char)) {
    std::size_t end = from;
    while (end < text.size() && pred(text[end])) ++end;
    return end - from;
}

// JWT: header.payload.signature, base64url, the header a JSON object and so
// starting "eyJ". The shortest real header ({"alg":"none"}) is 19 characters;
// 10 keeps a margin without catching words that merely start "eyJ". The
// signature may be empty (unsecured JWT) but its dot may not.
void find_jwts(std::string_view text, std::vector<Span>& out) {
    for (std::size_t at = text.find("eyJ"); at != std::string_view::npos;
         at = text.find("eyJ", at + 1)) {
        if (at > 0 && is_base64url(text[at - 1])) continue;
        std::size_t header = run_of(text, at, is_base64url);
        std::size_t pos = at + header;
        if (header < 10 || pos >= text.size() || text[pos] != '.') continue;
        std::size_t payload = run_of(text, pos + 1, is_base64url);
        pos += 1 + payload;
        if (payload < 2 || pos >= text.size() || text[pos] != '.') continue;
        pos += 1 + run_of(text, pos + 1, is_base64url);
        out.push_back({at, pos});
        at = pos - 1;
    }
}

// AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 more
// upper-case letters or digits, not part of a longer such run. A lower-case
// letter before is allowed so that "\nAKIA..." in an escaped string counts.
void find_aws_keys(std::string_view text, std::vector<Span>& out) {
    for (std::size_t at = 0; at + 20 <= text.size(); ++at) {
        std::string_view prefix = text.substr(at, 4);
        if (prefix != "AKIA" && prefix != "ASIA") continue;
        if (at > 0 && is_upper_or_digit(text[at - 1])) continue;
        if (run_of(text, at + 4, is_upper_or_digit) != 16) continue;
        out.push_back({at, at + 20});
        at += 19;
    }
}

// "Bearer <token>": the scheme stays, the credential goes.
void find_bearer_tokens(std::string_view text, std::vector<Span>& out) {
    constexpr std::string_view scheme = "Bearer";
    for (std::size_t at = text.find(scheme); at != std::string_view::npos;
         at = text.find(scheme, at + 1)) {
        if (at > 0 && is_alnum(text[at - 1])) continue;
        std::size_t pos = at + scheme.size();
        std::size_t spaces = 0;
        while (pos + spaces < text.size() && text[pos + spaces] == ' ') ++spaces;
        if (spaces == 0) continue;
        pos += spaces;
        std::size_t token = run_of(text, pos, is_bearer_char);
        if (token == 0) continue;
        std::size_t end = pos + token;
        while (end < text.size() && text[end] == '=') ++end;
        out.push_back({pos, end});
        at = end - 1;
    }
}

// PEM private keys, from the BEGIN line through the END line; a string cut by
// a bound has no END line, so the rest of the text goes.
void find_pem_keys(std::string_view text, std::vector<Span>& out) {
    constexpr std::string_view begin_marker = "-----BEGIN ";
    constexpr std::string_view key_label = "PRIVATE KEY-----";
    for (std::size_t at = text.find(begin_marker); at != std::string_view::npos;
         at = text.find(begin_marker, at + 1)) {
        std::size_t label = at + begin_marker.size();
        std::size_t label_end = text.find("-----", label);
        if (label_end == std::string_view::npos) continue;
        std::string_view header = text.substr(label, label_end + 5 - label);
        if (header.size() < key_label.size() ||
            header.substr(header.size() - key_label.size()) != key_label)
            continue;
        if (!std::all_of(header.begin(), header.end() - 5,
                         [](char c) { return (c >= 'A' && c <= 'Z') || c == ' '; }))
            continue;
        std::size_t end = text.size();
        std::size_t end_marker = text.find("-----END ", label_end + 5);
        if (end_marker != std::string_view::npos) {
            std::size_t close = text.find("-----", end_marker + 9);
            end = close == std::string_view::npos ? text.size() : close + 5;
        }
        out.push_back({at, end});
        at = end - 1;
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes one possibly escaped character at text[pos], advancing pos.
char decode_char(std::string_view text, std::size_t& pos) {
    char c = text[pos++];
    if (c != '\\' || pos >= text.size()) return c;
    char e = text[pos++];
    switch (e) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        case 'a':
            return '\a';
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'v':
            return '\v';
        case 'e':
            return '\x1b';
        case 'x': {
            int value = 0;
            for (int digits = 0; digits < 2 && pos < text.size() && hex_value(text[pos]) >= 0;
                 ++digits)
                value = value * 16 + hex_value(text[pos++]);
            return static_cast<char>(value);
        }
        default:
            if (e >= '0' && e <= '7') {
                int value = e - '0';
                for (int digits = 1;
                     digits < 3 && pos < text.size() && text[pos] >= '0' && text[pos] <= '7';
                     ++digits)
                    value = value * 8 + (text[pos++] - '0');
                return static_cast<char>(value);
            }
            return e;  // \\ \" \' and anything unknown stand for themselves
    }
}

// Reads a quoted run starting at text[pos] == quote; pos ends after the
// closing quote (or at the end of a cut-off value).
std::string read_quoted(std::string_view text, std::size_t& pos, char quote) {
    std::string out;
    ++pos;
    while (pos < text.size() && text[pos] != quote) out += decode_char(text, pos);
    if (pos < text.size()) ++pos;
    return out;
}

// " <repeats 12 times>" right after a char literal; 1 when absent.
std::size_t repeat_count(std::string_view text, std::size_t& pos) {
    constexpr std::string_view intro = " <repeats ";
    if (text.substr(pos, intro.size()) != intro) return 1;
    std::size_t digits = pos + intro.size();
    std::size_t count = 0;
    std::size_t end = digits;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' && count < 1000000)
        count = count * 10 + static_cast<std::size_t>(text[end++] - '0');
    if (end == digits || text.substr(end, 7) != " times>") return 1;
    pos = end + 7;
    return count;
}

}  // namespace

std::vector<Span> find_secrets(std::string_view text) {
    std::vector<Span> found;
    find_pem_keys(text, found);
    find_jwts(text, found);
    find_aws_keys(text, found);
    find_bearer_tokens(text, found);
    std::sort(found.begin(), found.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::vector<Span> merged;
    for (const Span& span : found) {
        if (!merged.empty() && span.begin < merged.back().end)
            merged.back().end = std::max(merged.back().end, span.end);
        else
            merged.push_back(span);
    }
    return merged;
}

std::string mask_secrets(std::string_view text) {
    std::vector<Span> spans = find_secrets(text);
    if (spans.empty()) return std::string(text);
    std::string out;
    std::size_t copied = 0;
    for (const Span& span : spans) {
        out.append(text.substr(copied, span.begin - copied));
        out.append(masked_text);
        copied = span.end;
    }
    out.append(text.substr(copied));
    return out;
}

std::string unquote_gdb(std::string_view value) {
    // Repeats are expanded only as far as a token could reach across them.
    constexpr std::size_t max_out = 64 * 1024;
    std::string out;
    std::size_t pos = 0;
    while (pos < value.size() && out.size() < max_out) {
        char c = value[pos];
        if (c == '"') {
            out += read_quoted(value, pos, '"');
        } else if (c == '\'') {
            std::string ch = read_quoted(value, pos, '\'');
            std::size_t times = repeat_count(value, pos);
            for (std::size_t i = 0; i < times && out.size() < max_out; ++i) out += ch;
        } else {
            ++pos;
        }
    }
    return out;
}

bool parse_gdb_char(std::string_view value, char& out) {
    // gdb: the number, a space, then the quoted character: 66 'B', 0 '\000', -61 '\303'.
    std::size_t quote = value.find('\'');
    if (quote == std::string_view::npos || quote < 2 || value.back() != '\'') return false;
    std::string_view number = value.substr(0, quote - 1);
    if (value[quote - 1] != ' ' || number.empty()) return false;
    std::size_t first = number[0] == '-' ? 1 : 0;
    if (first == number.size() || !std::all_of(number.begin() + first, number.end(),
                                               [](char d) { return d >= '0' && d <= '9'; }))
        return false;
    std::size_t pos = quote;
    std::string decoded = read_quoted(value, pos, '\'');
    if (decoded.size() != 1 || pos != value.size()) return false;
    out = decoded[0];
    return true;
}

}  // namespace capsule::mask

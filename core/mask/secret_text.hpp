// Finding secret-looking tokens inside arbitrary text: values as gdb prints
// them, messages, command-line arguments, source lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::mask {

inline constexpr std::string_view masked_text = "***masked***";

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;  // one past the last character
};

// Where secret-looking tokens sit in `text`, ordered and not overlapping. For a
// Bearer token only the credential is a span, so "Bearer " stays readable.
std::vector<Span> find_secrets(std::string_view text);

// `text` with every span of find_secrets replaced by masked_text.
std::string mask_secrets(std::string_view text);

// The characters of every quoted string in a gdb-style value, unescaped and
// joined, with `'c' <repeats N times>` expanded: gdb's notation can split a
// token ("AKIA", 'A' <repeats 12 times>, "B") that the raw text would hide.
// Empty when the value holds no quoted string.
std::string unquote_gdb(std::string_view value);

// The character in a gdb char literal such as `66 'B'` or `0 '\000'`; false
// when `value` is not one.
bool parse_gdb_char(std::string_view value, char& out);

}  // namespace capsule::mask

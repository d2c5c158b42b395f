// gdb's printed values, read far enough to compare them with a capsule's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capsule::integration {

struct GdbValue {
    std::string name;  // member name, "<Base>" for a base class, empty for an element
    std::string text;  // a leaf exactly as printed
    bool aggregate = false;
    std::vector<GdbValue> items;
};

// A value gdb prints as one token rather than as `{...}` or through a
// pretty-printer's "std::... = {...}" header.
bool is_gdb_scalar(std::string_view text);

// Reads `{a = 1, <Base> = {b = 2}, c = {1, 2}}`, plain scalars, and
// "std::vector of length N, capacity M = {...}" (as its elements). False for
// anything it cannot take apart reliably: `<repeats N times>`, other
// pretty-printers, unbalanced text.
bool parse_gdb_value(std::string_view text, GdbValue& out);

// Whether a capsule's text says what gdb's says. Equal texts do; so does a
// float printed as the shortest text that reads back where gdb prints %.9g
// (float) or %.17g (double): capsule's deliberate difference. Aggregate
// summaries are compared item by item the same way.
bool same_value_text(std::string_view capsule, std::string_view gdb);

// gdb appends ` <error: Cannot access memory at address 0x10>` to a pointer
// whose target it could not read; returns the text without it and whether it
// was there.
std::string strip_gdb_memory_error(std::string_view text, bool& had_error);

}  // namespace capsule::integration

// Reading demangled C++ names: where the qualified name and the parameter
// list are, and spacing that does not depend on the demangler's habits.
#pragma once

#include <string>
#include <string_view>

namespace capsule::fingerprint {

// Whitespace runs become one space, kept only between two words or after a
// closing bracket, pointer or reference before a word ("char const*",
// "std::vector<int> const&"); elsewhere dropped ("std::map<int,int>").
// Quoted literals are kept as they are when `keep_literals`.
std::string normalize_spaces(std::string_view text, bool keep_literals = false);

// The qualified name of a normalized function name: without return type,
// parameter list and qualifiers ("ns::f<int>" of "ns::f<int>(int)const").
std::string_view qualified_name(std::string_view normalized);

}  // namespace capsule::fingerprint

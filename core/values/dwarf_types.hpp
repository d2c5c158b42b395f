// Small questions about DWARF type DIEs that every part of the value reader
// asks: what a type refers to, how big it is, where a member sits.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::values {

// DW_AT_type of `die`, following DW_AT_specification/abstract_origin. False
// when there is none (void).
bool type_of(Dwarf_Die* die, Dwarf_Die& out);

// Follows typedefs and cv-qualifiers down to the type that decides the layout.
// False for void (a null or absent type).
bool peel(Dwarf_Die* type, Dwarf_Die& out);

// Byte size of an object of this type; false when DWARF does not say (void,
// incomplete types, arrays without bounds).
bool byte_size(Dwarf_Die* type, std::uint64_t& out);

// DW_AT_name, or nullptr.
const char* name_of(Dwarf_Die* die);

bool has_flag(Dwarf_Die* die, unsigned attribute);

// A struct, class or union tag: the kinds with members.
bool is_class_tag(int tag);

// DW_AT_data_member_location as a constant offset. False for the location
// expressions of virtual bases, which need the object's vtable to resolve.
bool member_offset(Dwarf_Die* member, std::uint64_t& out);

// A data member (or base) found by name in `aggregate`, any of its bases or
// its anonymous unions and structs;
// `offset` is from the start of `aggregate`.
struct FoundMember {
    Dwarf_Die die;
    Dwarf_Die type;  // as declared (not peeled); valid when has_type
    bool has_type = false;
    std::uint64_t offset = 0;
};
// With `pointer_only`, members whose type is not a pointer are passed over
// (std::tuple holds a pointer and a deleter under the same member name).
bool find_member(Dwarf_Die* aggregate, std::string_view name, FoundMember& out,
                 bool pointer_only = false);

// The index-th DW_TAG_template_type_parameter's type.
bool template_type_argument(Dwarf_Die* aggregate, int index, Dwarf_Die& out);

// Element counts of each dimension of an array type, outermost first. A
// dimension without bounds counts as 0.
std::vector<std::uint64_t> array_dimensions(Dwarf_Die* array);

// "ns::Outer::" for a DIE declared inside namespace ns, class Outer; empty at
// file scope. Found by walking the compilation unit once and caching parents.
std::string scope_prefix(Dwarf_Die* die);

// The spelling of a type with the dimensions of `array` from `first_dimension`
// on, e.g. "int [3]" for the rows of an int[2][3].
std::string array_type_name(Dwarf_Die* array, std::size_t first_dimension);

// gdb's spelling of a base type name ("long unsigned int" -> "unsigned long").
std::string canonical_base_name(std::string_view dwarf_name);

}  // namespace capsule::values

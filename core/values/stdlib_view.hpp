// What the standard-library views (stdlib_*.cpp) share: reading members the
// layout was found to have, plausibility limits for numbers read from a
// possibly corrupt object, and adding elements under the item bound. Each
// view returns false when the layout does not match (the caller then shows
// the raw struct, marked "(raw)"), true with `v` filled otherwise.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "values/dwarf_types.hpp"
#include "values/reader.hpp"

namespace capsule::values::stdlib {

// Numbers beyond these come from garbage, not from a container.
inline constexpr std::uint64_t max_plausible_elements = 100'000'000;
inline constexpr std::uint64_t max_plausible_string = std::uint64_t{1} << 30;
inline constexpr std::int64_t max_plausible_count = std::int64_t{1} << 30;
// A container without a size member (forward_list) is counted by walking its
// links; past this many the count says "at least".
inline constexpr std::uint64_t max_counted_links = 10'000;

using ViewFn = bool (*)(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v);

// ---- reading ----------------------------------------------------------------

// An unsigned integer member of 1..8 bytes.
bool read_number(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                 std::uint64_t& out);
bool read_signed(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                 std::int64_t& out);
bool read_address(const Reader& reader, const ObjectRef& object, std::uint64_t offset,
                  std::uint64_t& out);
bool pointee_of(const FoundMember& pointer, Dwarf_Die& out);
bool member_type_peeled(const FoundMember& member, Dwarf_Die& out);
// A member found by a path of names, each inside the previous one's type:
// {"_M_impl", "_M_start"}. Offsets add up.
bool find_path(Dwarf_Die* aggregate, std::initializer_list<std::string_view> names,
               FoundMember& out, bool last_pointer_only = false);
// The index-th template type argument of `die` or, when it has none, of its
// bases: g++ puts allocator<T>'s T on its base __new_allocator<T>.
bool template_argument(Dwarf_Die* die, int index, Dwarf_Die& out);
// The constant of the index-th DW_TAG_template_value_parameter.
bool template_value(Dwarf_Die* die, int index, std::int64_t& out);
// The first base class whose name starts with `prefix`, and its offset.
bool find_base(Dwarf_Die* aggregate, std::string_view prefix, Dwarf_Die& out, std::uint64_t& offset);
bool name_starts_with(Dwarf_Die* die, std::string_view prefix);
// The type a member typedef of `aggregate` names ("pointer", "_Node").
bool member_typedef(Dwarf_Die* aggregate, std::string_view name, Dwarf_Die& out);

void set_unreadable(Variable& v);

// ---- naming -----------------------------------------------------------------

// A type name as gdb's libstdc++ type printers abbreviate it: "std::string"
// for the full basic_string spelling, and so on.
std::string abbreviated(std::string name);
std::string display_name(Dwarf_Die* type);
// "1 element", "3 elements": gdb's wording.
std::string elements_text(std::uint64_t count);
// "map" from "map<int, int, ...>".
std::string template_name(Dwarf_Die* die);

// ---- elements (stdlib_elements.cpp) ------------------------------------------

// "[3]": an element's name, as gdb shows it.
std::string index_name(std::uint64_t index);

// True when the depth bound stops here: `v`, whose value is the heading,
// then reads "heading = {...}" and is marked truncated, as gdb shows a
// container it does not descend into.
bool stop_at_depth(const Reader& reader, Level level, Variable& v);

// How many of `size` elements are shown: at most Bounds::max_items.
std::uint64_t shown_count(const Reader& reader, std::uint64_t size);

// A child of kind "element" (or `kind`) named `name`, filled from the object
// of `type` at `object` one level below `level`; nullptr when the value
// budget is spent.
Variable* add_element(Reader& reader, Variable& v, std::string name, Dwarf_Die* type,
                      const ObjectRef& object, Level level, const char* kind = "element");

// One map entry from the pair at `entry`: a "key" child and a "value" child.
// False when the budget ran out.
bool add_map_entry(Reader& reader, Variable& v, std::uint64_t index, Dwarf_Die* pair_type,
                   const ObjectRef& entry, Level level);

// What each node of a node-based container holds: an object of `type`,
// `offset` bytes into the node; for a map that object is the key/value pair.
struct NodeValues {
    Dwarf_Die* type = nullptr;
    std::uint64_t offset = 0;
    bool is_map = false;
};

// The values of `nodes` as children "[i]" (map entries as key and value
// children) while the budget lasts, then finish() or finish_map() for a
// container of `size` elements: lists, trees and hash tables all end so.
void show_nodes(Reader& reader, Variable& v, std::span<const std::uint64_t> nodes,
                const NodeValues& values, std::uint64_t size, const std::string& heading,
                Level level);

// gdb's map summary from key and value children: {[1] = "one", [2] = "two"}.
std::string summarize_map(const Variable& v);

// After `shown` items: the "N more" marker when the container holds more,
// then the value: `heading`, and " = {...}" unless there are no children.
void finish(Reader& reader, Variable& v, const std::string& heading, std::uint64_t shown,
            std::uint64_t size, bool brace_names);
void finish_map(Reader& reader, Variable& v, const std::string& heading, std::uint64_t shown,
                std::uint64_t size);

// ---- links in target memory (stdlib_node_walk.cpp) ----------------------------

// Follows `next` links (at `next_offset` in each node) from `first` until
// `end`, collecting at most `limit` node addresses. False when a link is
// null or unreadable, or comes back to a node already seen, before that: a
// corrupt list.
bool walk_links(const Reader& reader, std::uint64_t first, std::uint64_t end,
                std::uint64_t next_offset, std::uint64_t limit, std::vector<std::uint64_t>& out);

// How a red-black tree marks the node past the last one. libstdc++: a
// header node whose parent is the root and whose left link is the leftmost
// node. libc++: an end node whose left child is the root.
enum class TreeEnd { header, end_node };

// Where the links sit in a tree node, and the library's end convention.
struct TreeLinks {
    std::uint64_t left = 0, right = 0, parent = 0;  // offsets in the node base
    TreeEnd end = TreeEnd::header;
};

// The first `count` nodes in order, from the leftmost node `first`. False
// for corrupt links: a null or unreadable link, a node seen twice, reaching
// `end` (the header or end node) early, or a climb or descent taller than
// any real tree.
bool walk_tree(const Reader& reader, const TreeLinks& links, std::uint64_t first, std::uint64_t end,
               std::uint64_t count, std::vector<std::uint64_t>& out);

// Where a node-based container keeps the value inside a node: after the
// node's link part, of `base_size` bytes, or at the member holding it
// (_M_storage and older names) when DWARF has the node type.
std::uint64_t node_value_offset(Dwarf_Die* node_type, std::uint64_t base_size);

// ---- the views, by family ---------------------------------------------------

// stdlib_strings.cpp
bool fill_string(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_string_view(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
// The character type a string's data pointer points to (through typedefs).
bool char_type_of(Dwarf_Die* pointee, CharType& out);
// Quotes code units already read, as gdb does.
std::string quote_raw(const std::vector<std::uint8_t>& raw, const CharType& chars, bool cut);
// Quotes `size` code units of `chars` at `address`, bounded; false when unreadable.
bool quote_target_text(Reader& reader, std::uint64_t address, std::uint64_t size,
                       const CharType& chars, Variable& v);

// stdlib_sequences.cpp
bool fill_vector(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_array(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_deque(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_list(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_forward_list(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_span(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
// Elements of `element` type, `count` of them contiguous at `first`.
bool fill_contiguous(Reader& reader, Dwarf_Die* element, std::uint64_t first, std::uint64_t count,
                     Level level, Variable& v, const std::string& heading);
// A vector (libstdc++ or libc++) from its three pointers: begin, end of the
// elements, end of the storage. False when they cannot be a vector's.
bool fill_vector_storage(Reader& reader, Dwarf_Die* element, std::uint64_t element_size,
                         std::uint64_t first, std::uint64_t last, std::uint64_t storage_end,
                         Level level, Variable& v);
// A vector<bool> of `length` bits starting `first_bit` bits into the words
// of `word_size` bytes at `words`, with room for `capacity` bits.
bool fill_bits(Reader& reader, std::uint64_t words, std::uint64_t word_size, std::uint64_t first_bit,
               std::uint64_t length, std::uint64_t capacity, Level level, Variable& v);

// stdlib_associative.cpp
bool fill_tree(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
// A red-black tree container (`name`: "map", "set", ...) of either library
// with `size` elements: the heading, then the nodes in order from the
// leftmost, `first`, toward the header or end node at `end`.
bool show_tree(Reader& reader, Variable& v, const std::string& name, std::uint64_t size,
               std::uint64_t first, std::uint64_t end, const TreeLinks& links,
               const NodeValues& values, Level level);

// stdlib_unordered.cpp
bool fill_hashtable(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

// stdlib_smart_pointers.cpp
bool fill_unique_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_shared_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_weak_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
// "std::unique_ptr<int>" from the first template argument.
std::string smart_pointer_name(const char* kind, Dwarf_Die* peeled, Dwarf_Die* pointee);
// The text after "use count" for owners and weak references as the control
// block counts them, or false when they are implausible.
bool shared_state(std::int64_t uses, std::int64_t weak_references, std::string& out);

// stdlib_utilities.cpp
bool fill_optional(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_variant(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_tuple(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_any(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_function(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_pair(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

// stdlib_scalars.cpp
bool fill_atomic(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_duration(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_time_point(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_bitset(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_complex(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_thread_id(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

// stdlib_runtime.cpp
bool fill_path(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_exception_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

// stdlib_iterators.cpp
bool fill_vector_iterator(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_list_iterator(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_tree_iterator(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

// stdlib_libcxx.cpp: libc++ (std::__1)
bool fill_libcxx_string(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_libcxx_vector(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_libcxx_unique_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_libcxx_shared_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
bool fill_libcxx_weak_ptr(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);
// stdlib_libcxx_tree.cpp
bool fill_libcxx_tree(Reader&, Dwarf_Die*, const ObjectRef&, Level, Variable&);

}  // namespace capsule::values::stdlib

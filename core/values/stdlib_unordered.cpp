// std::unordered_map, unordered_set and their multi forms of libstdc++: a
// singly linked list of nodes through every bucket, starting at
// _M_before_begin, in the order gdb shows them.
#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

bool fill_hashtable(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                    Variable& v) {
    FoundMember table, before_begin, count, next;
    Dwarf_Die table_type, link_type, value_type, allocator, node_type;
    std::uint64_t alloc_offset = 0, base_size = 0;
    if (!find_member(peeled, "_M_h", table) || !member_type_peeled(table, table_type) ||
        !find_member(&table_type, "_M_before_begin", before_begin) ||
        !member_type_peeled(before_begin, link_type) ||
        !find_member(&link_type, "_M_nxt", next, true) || !byte_size(&link_type, base_size) ||
        !find_member(&table_type, "_M_element_count", count) ||
        !template_type_argument(&table_type, 1, value_type))
        return false;
    const bool have_node = find_base(&table_type, "_Hashtable_alloc<", allocator, alloc_offset) &&
                           template_argument(&allocator, 0, allocator) && peel(&allocator, allocator) &&
                           template_argument(&allocator, 0, node_type) && peel(&node_type, node_type) &&
                           name_starts_with(&node_type, "_Hash_node<");
    const std::uint64_t value_offset = node_value_offset(have_node ? &node_type : nullptr, base_size);

    const ObjectRef table_object = object.at(table.offset);
    std::uint64_t size = 0, node = 0;
    if (!read_number(reader, table_object, count, size) ||
        !read_address(reader, table_object, before_begin.offset + next.offset, node)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_elements || (size == 0) != (node == 0)) return false;
    const std::string name = template_name(peeled);
    const bool is_map = name == "unordered_map" || name == "unordered_multimap";
    const std::string heading = "std::" + name + " with " + elements_text(size);
    v.value = heading;
    if (size == 0) return true;
    if (stop_at_depth(reader, level, v)) return true;
    // The list ends in a null link; a shorter one than the count is corrupt.
    const std::uint64_t shown = shown_count(reader, size);
    std::vector<std::uint64_t> nodes;
    if (!walk_links(reader, node, 0, next.offset, shown, nodes) || nodes.size() != shown) return false;
    show_nodes(reader, v, nodes, NodeValues{&value_type, value_offset, is_map}, size, heading, level);
    return true;
}

}  // namespace capsule::values::stdlib

// std::unordered_map, unordered_set and their multi forms of libstdc++: a
// singly linked list of nodes through every bucket, starting at
// _M_before_begin, in the order gdb shows them.
#include <unordered_set>
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
    if (!reader.may_descend(level)) {
        v.value += " = {...}";
        v.status = ValueStatus::truncated;
        return true;
    }
    const std::uint64_t shown = std::min<std::uint64_t>(size, reader.bounds().max_items);
    std::vector<std::uint64_t> nodes;
    std::unordered_set<std::uint64_t> seen;
    while (nodes.size() < shown) {
        if (node == 0 || !seen.insert(node).second) return false;
        nodes.push_back(node);
        if (!reader.target().read(node + next.offset, &node, sizeof node)) return false;
    }
    for (std::uint64_t i = 0; i < shown; ++i) {
        const ObjectRef value = ObjectRef::in_memory(nodes[i] + value_offset);
        if (is_map) {
            if (!add_map_entry(reader, v, i, &value_type, value, level)) break;
        } else if (add_element(reader, v, "[" + std::to_string(i) + "]", &value_type, value,
                               level) == nullptr) {
            break;
        }
    }
    if (is_map)
        finish_map(reader, v, heading, shown, size);
    else
        finish(reader, v, heading, shown, size, true);
    return true;
}

}  // namespace capsule::values::stdlib

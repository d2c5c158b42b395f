// std::map, multimap, set and multiset of libstdc++: a red-black tree whose
// header node's left link is the leftmost (first) node. Walked in order, for
// at most Bounds::max_items nodes; the node count gives the true size.
// show_tree serves libc++'s trees too (stdlib_libcxx_tree.cpp).
#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

bool show_tree(Reader& reader, Variable& v, const std::string& name, std::uint64_t size,
               std::uint64_t first, std::uint64_t end, const TreeLinks& links,
               const NodeValues& values, Level level) {
    const std::string heading = "std::" + name + " with " + elements_text(size);
    v.value = heading;
    // An empty tree's header (end node) points at itself.
    if (size == 0) return first == end;
    if (stop_at_depth(reader, level, v)) return true;
    std::vector<std::uint64_t> nodes;
    if (!walk_tree(reader, links, first, end, shown_count(reader, size), nodes)) return false;
    show_nodes(reader, v, nodes, values, size, heading, level);
    return true;
}

bool fill_tree(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
               Variable& v) {
    FoundMember tree, header, count, parent, left, right;
    Dwarf_Die tree_type, impl_type, header_type, value_type, node_type;
    FoundMember impl;
    if (!find_member(peeled, "_M_t", tree) || !member_type_peeled(tree, tree_type) ||
        !find_member(&tree_type, "_M_impl", impl) || !member_type_peeled(impl, impl_type) ||
        !find_member(&impl_type, "_M_header", header) || !member_type_peeled(header, header_type) ||
        !find_member(&impl_type, "_M_node_count", count) ||
        !find_member(&header_type, "_M_parent", parent, true) ||
        !find_member(&header_type, "_M_left", left, true) ||
        !find_member(&header_type, "_M_right", right, true) ||
        !template_type_argument(&tree_type, 1, value_type) || !object.has_address())
        return false;
    std::uint64_t base_size = 0;
    if (!byte_size(&header_type, base_size)) return false;
    Dwarf_Die allocator;
    std::uint64_t allocator_offset = 0;
    const bool have_node = find_base(&impl_type, "allocator<", allocator, allocator_offset) &&
                           template_argument(&allocator, 0, node_type) && peel(&node_type, node_type) &&
                           name_starts_with(&node_type, "_Rb_tree_node<");
    const std::uint64_t value_offset = node_value_offset(have_node ? &node_type : nullptr, base_size);
    const TreeLinks links{left.offset, right.offset, parent.offset, TreeEnd::header};

    const ObjectRef impl_object = object.at(tree.offset + impl.offset);
    std::uint64_t size = 0, first = 0;
    if (!read_number(reader, impl_object, count, size) ||
        !read_address(reader, impl_object, header.offset + left.offset, first)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_elements) return false;
    const std::uint64_t head = object.address() + tree.offset + impl.offset + header.offset;
    const std::string name = template_name(peeled);
    const bool is_map = name == "map" || name == "multimap";
    return show_tree(reader, v, name, size, first, head, links,
                     NodeValues{&value_type, value_offset, is_map}, level);
}

}  // namespace capsule::values::stdlib

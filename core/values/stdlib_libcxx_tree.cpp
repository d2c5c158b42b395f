// libc++'s map, multimap, set and multiset: a red-black tree whose end node
// (inside the container) holds the root as its left child; __begin_node_ is
// the leftmost node. Walked in order, as libc++'s __tree_next_iter does, and
// shown as libstdc++'s trees are (show_tree, stdlib_associative.cpp).
#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

bool fill_libcxx_tree(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                      Variable& v) {
    FoundMember tree, begin, end_node, root, count, right, parent, left;
    Dwarf_Die tree_type, node_base, value_type, pair1_type, allocator, node_type;
    FoundMember pair1;
    if (!find_member(peeled, "__tree_", tree) || !member_type_peeled(tree, tree_type) ||
        !find_member(&tree_type, "__begin_node_", begin, true) ||
        !find_path(&tree_type, {"__pair1_", "__value_"}, end_node) ||
        !find_path(&tree_type, {"__pair1_", "__value_", "__left_"}, root, true) ||
        !pointee_of(root, node_base) || !peel(&node_base, node_base) ||
        !find_member(&node_base, "__left_", left, true) ||
        !find_member(&node_base, "__right_", right, true) ||
        !find_member(&node_base, "__parent_", parent, true) ||
        !find_path(&tree_type, {"__pair3_", "__value_"}, count) ||
        !template_type_argument(&tree_type, 0, value_type) || !object.has_address())
        return false;
    std::uint64_t base_size = 0;
    if (!byte_size(&node_base, base_size)) return false;
    // The node type is the allocator's: allocator<__tree_node<V, void*>>.
    std::uint64_t value_offset = base_size;
    FoundMember node_value;
    if (find_member(&tree_type, "__pair1_", pair1) && member_type_peeled(pair1, pair1_type) &&
        template_type_argument(&pair1_type, 1, allocator) && peel(&allocator, allocator) &&
        template_argument(&allocator, 0, node_type) && peel(&node_type, node_type) &&
        find_member(&node_type, "__value_", node_value))
        value_offset = node_value.offset;
    const TreeLinks links{left.offset, right.offset, parent.offset, TreeEnd::end_node};

    const ObjectRef tree_object = object.at(tree.offset);
    std::uint64_t size = 0, first = 0;
    if (!read_number(reader, tree_object, count, size) ||
        !read_address(reader, tree_object, begin.offset, first)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_elements) return false;
    const std::uint64_t end = object.address() + tree.offset + end_node.offset;
    const std::string name = template_name(peeled);
    const bool is_map = name == "map" || name == "multimap";
    if (!is_map)
        return show_tree(reader, v, name, size, first, end, links,
                         NodeValues{&value_type, value_offset, false}, level);
    // A map's value_type is __value_type<K, V>, which holds the pair.
    FoundMember pair;
    Dwarf_Die value_peeled;
    if (!(peel(&value_type, value_peeled) &&
          (find_member(&value_peeled, "__cc", pair) || find_member(&value_peeled, "__cc_", pair)) &&
          pair.has_type))
        return false;
    return show_tree(reader, v, name, size, first, end, links,
                     NodeValues{&pair.type, value_offset + pair.offset, true}, level);
}

}  // namespace capsule::values::stdlib

// libc++'s map, multimap, set and multiset: a red-black tree whose end node
// (inside the container) holds the root as its left child; __begin_node_ is
// the leftmost node. Walked in order, as libc++'s __tree_next_iter does.
#include <unordered_set>
#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// Taller than any tree of max_plausible_elements nodes: a longer climb or
// descent is a cycle in corrupt links.
constexpr int max_tree_height = 128;

struct Links {
    std::uint64_t left = 0, right = 0, parent = 0;  // offsets in __tree_node_base
};

bool read_link(const Reader& reader, std::uint64_t node, std::uint64_t offset, std::uint64_t& out) {
    return node != 0 && reader.target().read(node + offset, &out, sizeof out);
}

bool next_node(const Reader& reader, const Links& links, std::uint64_t& node) {
    std::uint64_t right = 0;
    if (!read_link(reader, node, links.right, right)) return false;
    if (right != 0) {
        node = right;
        for (int i = 0;; ++i) {
            std::uint64_t left = 0;
            if (i > max_tree_height || !read_link(reader, node, links.left, left)) return false;
            if (left == 0) return true;
            node = left;
        }
    }
    // Up while `node` is a right child: the first parent reached from its
    // left is next.
    for (int i = 0; i <= max_tree_height; ++i) {
        std::uint64_t parent = 0, parent_left = 0;
        if (!read_link(reader, node, links.parent, parent) ||
            !read_link(reader, parent, links.left, parent_left))
            return false;
        const bool from_left = parent_left == node;
        node = parent;
        if (from_left) return true;
    }
    return false;
}

}  // namespace

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
    const Links links{left.offset, right.offset, parent.offset};

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
    // A map's value_type is __value_type<K, V>, which holds the pair.
    FoundMember pair;
    Dwarf_Die value_peeled;
    if (is_map && !(peel(&value_type, value_peeled) &&
                    (find_member(&value_peeled, "__cc", pair) || find_member(&value_peeled, "__cc_", pair)) &&
                    pair.has_type))
        return false;
    const std::string heading = "std::" + name + " with " + elements_text(size);
    v.value = heading;
    if (size == 0) return first == end;
    if (!reader.may_descend(level)) {
        v.value += " = {...}";
        v.status = ValueStatus::truncated;
        return true;
    }
    const std::uint64_t shown = std::min<std::uint64_t>(size, reader.bounds().max_items);
    std::vector<std::uint64_t> nodes;
    std::unordered_set<std::uint64_t> seen;
    std::uint64_t node = first;
    for (std::uint64_t i = 0; i < shown; ++i) {
        if (node == end || node == 0 || !seen.insert(node).second) return false;
        nodes.push_back(node);
        if (i + 1 < shown && !next_node(reader, links, node)) return false;
    }
    for (std::uint64_t i = 0; i < shown; ++i) {
        const ObjectRef value = ObjectRef::in_memory(nodes[i] + value_offset);
        if (is_map) {
            if (!add_map_entry(reader, v, i, &pair.type, value.at(pair.offset), level)) break;
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

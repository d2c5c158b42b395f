// std::map, multimap, set and multiset of libstdc++: a red-black tree whose
// header node's left link is the leftmost (first) node. Walked in order, for
// at most Bounds::max_items nodes; the node count gives the true size.
#include <unordered_set>
#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// Taller than any tree of max_plausible_elements nodes: a longer climb or
// descent is a cycle in corrupt links.
constexpr int max_tree_height = 128;

struct Links {
    std::uint64_t parent = 0, left = 0, right = 0;  // offsets in _Rb_tree_node_base
};

bool read_link(const Reader& reader, std::uint64_t node, std::uint64_t offset, std::uint64_t& out) {
    return node != 0 && reader.target().read(node + offset, &out, sizeof out);
}

// The in-order successor, as _Rb_tree_increment finds it.
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
    std::uint64_t parent = 0;
    if (!read_link(reader, node, links.parent, parent)) return false;
    for (int i = 0;; ++i) {
        std::uint64_t parent_right = 0;
        if (i > max_tree_height || !read_link(reader, parent, links.right, parent_right)) return false;
        if (node != parent_right) break;
        node = parent;
        if (!read_link(reader, node, links.parent, parent)) return false;
    }
    if (!read_link(reader, node, links.right, right)) return false;
    if (right != parent) node = parent;
    return true;
}

}  // namespace

std::uint64_t node_value_offset(Dwarf_Die* node_type, std::uint64_t base_size) {
    FoundMember storage;
    if (node_type != nullptr && (find_member(node_type, "_M_storage", storage) ||
                                 find_member(node_type, "_M_value_field", storage) ||
                                 find_member(node_type, "_M_data", storage)))
        return storage.offset;
    return base_size;
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
    const Links links{parent.offset, left.offset, right.offset};

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
    const std::string heading = "std::" + name + " with " + elements_text(size);
    v.value = heading;
    // An empty tree's header points at itself.
    if (size == 0) return first == head;
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
        if (node == head || node == 0 || !seen.insert(node).second) return false;
        nodes.push_back(node);
        if (i + 1 < shown && !next_node(reader, links, node)) return false;
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

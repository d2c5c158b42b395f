// Following the links of node-based containers (lists, hash tables and the
// red-black trees of both libstdc++ and libc++) through target memory. The
// links come from a possibly corrupt object, so every walk is bounded, stops
// at a null or unreadable link and at a node seen before, and reports a
// broken chain as false rather than showing garbage as elements.
#include <unordered_set>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// Taller than any tree of max_plausible_elements nodes: a longer climb or
// descent is a cycle in corrupt links.
constexpr int max_tree_height = 128;

bool read_link(const Reader& reader, std::uint64_t node, std::uint64_t offset, std::uint64_t& out) {
    return node != 0 && reader.target().read(node + offset, &out, sizeof out);
}

// Up from `node`, which has no right child, to its in-order successor, as
// libstdc++'s _Rb_tree_increment climbs: while `node` is its parent's right
// child. The header's parent is the root and the root's parent the header,
// hence the last test, which only matters when stepping past the last node.
bool climb_to_header_successor(const Reader& reader, const TreeLinks& links, std::uint64_t& node) {
    std::uint64_t parent = 0, right = 0;
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

// The same climb as libc++'s __tree_next_iter: up while `node` is a right
// child; the first parent reached from its left is next. The end node holds
// the root as its left child, so the climb from the last node ends there.
bool climb_to_end_node_successor(const Reader& reader, const TreeLinks& links,
                                 std::uint64_t& node) {
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

// The in-order successor of `node`: the leftmost node of its right subtree,
// or an ancestor found by the library's climb.
bool next_tree_node(const Reader& reader, const TreeLinks& links, std::uint64_t& node) {
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
    return links.end == TreeEnd::header ? climb_to_header_successor(reader, links, node)
                                        : climb_to_end_node_successor(reader, links, node);
}

}  // namespace

bool walk_links(const Reader& reader, std::uint64_t first, std::uint64_t end,
                std::uint64_t next_offset, std::uint64_t limit, std::vector<std::uint64_t>& out) {
    std::unordered_set<std::uint64_t> seen;
    std::uint64_t node = first;
    while (out.size() < limit && node != end) {
        if (node == 0 || !seen.insert(node).second) return false;
        out.push_back(node);
        if (!reader.target().read(node + next_offset, &node, sizeof node)) return false;
    }
    return true;
}

bool walk_tree(const Reader& reader, const TreeLinks& links, std::uint64_t first, std::uint64_t end,
               std::uint64_t count, std::vector<std::uint64_t>& out) {
    std::unordered_set<std::uint64_t> seen;
    std::uint64_t node = first;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (node == end || node == 0 || !seen.insert(node).second) return false;
        out.push_back(node);
        if (i + 1 < count && !next_tree_node(reader, links, node)) return false;
    }
    return true;
}

std::uint64_t node_value_offset(Dwarf_Die* node_type, std::uint64_t base_size) {
    FoundMember storage;
    if (node_type != nullptr && (find_member(node_type, "_M_storage", storage) ||
                                 find_member(node_type, "_M_value_field", storage) ||
                                 find_member(node_type, "_M_data", storage)))
        return storage.offset;
    return base_size;
}

}  // namespace capsule::values::stdlib

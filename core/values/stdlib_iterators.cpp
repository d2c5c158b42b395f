// Iterators of vector, list and the tree containers: shown as the element
// they point to (gdb's printers do the same), which is their one child.
#include <dwarf.h>

#include "values/scalar_format.hpp"
#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// `address` of the element of type `element`: the element is the child,
// its text the iterator's value.
void point_at(Reader& reader, Dwarf_Die* element, std::uint64_t address, Level level, Variable& v,
              const char* container) {
    if (address == 0) {
        v.value = std::string("non-dereferenceable iterator for std::") + container;
        return;
    }
    reader.follow_pointer(element, address, level, v, "*" + (v.name.empty() ? std::string("it") : v.name));
    v.value = v.children.empty() ? format_hex(address) : v.children.front().value;
}

// _M_node of a node-based container's iterator, and the size of the link
// part of the node that the value follows.
bool node_of(const Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, std::uint64_t& node,
             std::uint64_t& link_size, bool& readable) {
    FoundMember member;
    Dwarf_Die links;
    if (!find_member(peeled, "_M_node", member, true) || !pointee_of(member, links) ||
        !byte_size(&links, link_size))
        return false;
    readable = read_address(reader, object, member.offset, node);
    return true;
}

// What the iterator points to: its template argument, or, where g++ leaves
// that out, what its `pointer` typedef points to.
bool element_of(Dwarf_Die* iterator, Dwarf_Die& out) {
    if (template_argument(iterator, 0, out)) return true;
    Dwarf_Die pointer;
    return member_typedef(iterator, "pointer", pointer) && peel(&pointer, pointer) &&
           dwarf_tag(&pointer) == DW_TAG_pointer_type && type_of(&pointer, out);
}

// Where the value sits in a node: after the links, or as the node type
// (the `_Node` typedef) says.
std::uint64_t value_offset(Dwarf_Die* iterator, std::uint64_t link_size) {
    Dwarf_Die node;
    if (member_typedef(iterator, "_Node", node) && peel(&node, node))
        return node_value_offset(&node, link_size);
    return node_value_offset(nullptr, link_size);
}

// An iterator of a node-based container (`container`, for gdb's words when
// it points nowhere): its _M_node, past the links, holds the element.
bool fill_node_iterator(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v, const char* container) {
    Dwarf_Die element;
    std::uint64_t node = 0, link_size = 0;
    bool readable = false;
    if (!element_of(peeled, element) || !node_of(reader, peeled, object, node, link_size, readable))
        return false;
    if (!readable) {
        set_unreadable(v);
        return true;
    }
    point_at(reader, &element, node == 0 ? 0 : node + value_offset(peeled, link_size), level, v,
             container);
    return true;
}

}  // namespace

// __gnu_cxx::__normal_iterator<T*, std::vector<T>>: _M_current.
bool fill_vector_iterator(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                          Variable& v) {
    FoundMember current;
    Dwarf_Die element;
    if (!find_member(peeled, "_M_current", current, true) || !pointee_of(current, element)) return false;
    std::uint64_t address = 0;
    if (!read_address(reader, object, current.offset, address)) {
        set_unreadable(v);
        return true;
    }
    point_at(reader, &element, address, level, v, "vector");
    return true;
}

bool fill_list_iterator(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v) {
    return fill_node_iterator(reader, peeled, object, level, v, "list");
}

bool fill_tree_iterator(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v) {
    return fill_node_iterator(reader, peeled, object, level, v, "associative container");
}

}  // namespace capsule::values::stdlib

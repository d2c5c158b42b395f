// Sequence containers of libstdc++: vector (and vector<bool>), array, deque,
// list, forward_list, and the span view. Elements are children "[i]", at
// most Bounds::max_items of them, after a heading that gives the true size.
#include <dwarf.h>

#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

struct BitIterator {
    std::uint64_t word = 0;    // address of the word
    std::uint64_t offset = 0;  // bit within it
};

bool read_bit_iterator(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                       BitIterator& out) {
    Dwarf_Die type;
    FoundMember p, offset;
    if (!member_type_peeled(member, type) || !find_member(&type, "_M_p", p, true) ||
        !find_member(&type, "_M_offset", offset))
        return false;
    return read_number(reader, object.at(member.offset), p, out.word) &&
           read_number(reader, object.at(member.offset), offset, out.offset);
}

bool fill_bool_vector(Reader& reader, const ObjectRef& impl, const FoundMember& start_member,
                      const FoundMember& finish_member, const FoundMember& storage_end,
                      Level level, Variable& v) {
    BitIterator start, last;
    std::uint64_t end = 0;
    Dwarf_Die word_type;
    std::uint64_t word_size = 0;
    if (!read_bit_iterator(reader, impl, start_member, start) ||
        !read_bit_iterator(reader, impl, finish_member, last) ||
        !read_number(reader, impl, storage_end, end) || !pointee_of(storage_end, word_type) ||
        !byte_size(&word_type, word_size) || word_size == 0 || word_size > 8)
        return false;
    const std::uint64_t bits = word_size * 8;
    if (last.word < start.word || end < last.word || start.offset >= bits ||
        last.offset >= bits || (last.word - start.word) % word_size != 0 ||
        (end - start.word) % word_size != 0)
        return false;
    const std::uint64_t words = (last.word - start.word) / word_size;
    if (words > max_plausible_elements / bits) return false;
    const std::uint64_t length = words * bits + last.offset - start.offset;
    const std::uint64_t capacity = (end - start.word) / word_size * bits;
    return fill_bits(reader, start.word, word_size, start.offset, length, capacity, level, v);
}

// The node type of a node-based container: the T of the allocator<T> its
// implementation struct derives from.
bool node_type_of(Dwarf_Die* impl_type, Dwarf_Die& out) {
    Dwarf_Die allocator;
    std::uint64_t offset = 0;
    return find_base(impl_type, "allocator<", allocator, offset) &&
           template_argument(&allocator, 0, out) && peel(&out, out);
}

// `count` elements of `element` type, one after another from `elements`:
// in target memory, or inside an object held in registers or pieces.
bool fill_adjacent(Reader& reader, Dwarf_Die* element, ObjectRef elements, std::uint64_t count,
                   Level level, Variable& v, const std::string& heading) {
    std::uint64_t element_size = 0;
    if (!byte_size(element, element_size) || element_size == 0) return false;
    v.value = heading;
    if (count == 0) return true;
    if (stop_at_depth(reader, level, v)) return true;
    const std::uint64_t shown = shown_count(reader, count);
    if (elements.in_target_memory()) {
        elements = elements.cached(reader.target(), shown * element_size);
        // Pointers that look sane but lead nowhere: a dangling or garbage container.
        if (reader.probe(elements) != ValueStatus::ok) return false;
    }
    for (std::uint64_t i = 0; i < shown; ++i)
        if (add_element(reader, v, index_name(i), element, elements.at(i * element_size), level) ==
            nullptr)
            break;
    finish(reader, v, heading, shown, count, false);
    return true;
}

}  // namespace

bool fill_contiguous(Reader& reader, Dwarf_Die* element, std::uint64_t first, std::uint64_t count,
                     Level level, Variable& v, const std::string& heading) {
    return fill_adjacent(reader, element, ObjectRef::in_memory(first), count, level, v, heading);
}

bool fill_vector_storage(Reader& reader, Dwarf_Die* element, std::uint64_t element_size,
                         std::uint64_t first, std::uint64_t last, std::uint64_t storage_end,
                         Level level, Variable& v) {
    if (last < first || storage_end < last || (last - first) % element_size != 0 ||
        (storage_end - first) % element_size != 0 ||
        (last - first) / element_size > max_plausible_elements || (first == 0 && storage_end != 0))
        return false;
    const std::uint64_t length = (last - first) / element_size;
    const std::uint64_t capacity = (storage_end - first) / element_size;
    return fill_contiguous(reader, element, first, length, level, v,
                           "std::vector of length " + std::to_string(length) + ", capacity " +
                               std::to_string(capacity));
}

bool fill_bits(Reader& reader, std::uint64_t words, std::uint64_t word_size, std::uint64_t first_bit,
               std::uint64_t length, std::uint64_t capacity, Level level, Variable& v) {
    const std::uint64_t bits = word_size * 8;
    v.value = "std::vector<bool> of length " + std::to_string(length) + ", capacity " +
              std::to_string(capacity);
    if (length == 0) return true;
    if (stop_at_depth(reader, level, v)) return true;
    const std::uint64_t shown = shown_count(reader, length);
    std::vector<std::uint8_t> storage(((first_bit + shown + bits - 1) / bits) * word_size);
    if (!reader.target().read(words, storage.data(), storage.size())) return false;
    for (std::uint64_t i = 0; i < shown; ++i) {
        Variable* c = reader.add_child(v, index_name(i), "element");
        if (c == nullptr) break;
        const std::uint64_t bit = first_bit + i;
        c->type = "bool";
        c->value = (storage[bit / 8] >> (bit % 8)) & 1 ? "true" : "false";
    }
    finish(reader, v, v.value, shown, length, false);
    return true;
}

bool fill_vector(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                 Variable& v) {
    FoundMember impl, start, last, end;
    Dwarf_Die impl_type, start_type;
    if (!find_member(peeled, "_M_impl", impl) || !member_type_peeled(impl, impl_type) ||
        !find_member(&impl_type, "_M_start", start) ||
        !find_member(&impl_type, "_M_finish", last) ||
        !find_member(&impl_type, "_M_end_of_storage", end) || !member_type_peeled(start, start_type))
        return false;
    const ObjectRef impl_object = object.at(impl.offset);
    if (dwarf_tag(&start_type) != DW_TAG_pointer_type)
        return fill_bool_vector(reader, impl_object, start, last, end, level, v);

    Dwarf_Die element;
    std::uint64_t element_size = 0, first = 0, finish_at = 0, storage_end = 0;
    if (!pointee_of(start, element) || !byte_size(&element, element_size) || element_size == 0)
        return false;
    if (!read_number(reader, impl_object, start, first) ||
        !read_number(reader, impl_object, last, finish_at) ||
        !read_number(reader, impl_object, end, storage_end)) {
        set_unreadable(v);
        return true;
    }
    return fill_vector_storage(reader, &element, element_size, first, finish_at, storage_end, level,
                               v);
}

// _M_elems is a T[N]; for N == 0 an empty struct.
bool fill_array(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                Variable& v) {
    FoundMember elems;
    Dwarf_Die element;
    std::int64_t count = 0;
    if (!find_member(peeled, "_M_elems", elems) || !template_argument(peeled, 0, element) ||
        !template_value(peeled, 0, count) || count < 0)
        return false;
    const std::string heading = "std::array of length " + std::to_string(count);
    if (count == 0) {
        v.value = heading;
        return true;
    }
    // In registers or pieces the elements are in the object itself.
    const ObjectRef elements = object.has_address()
                                   ? ObjectRef::in_memory(object.address() + elems.offset)
                                   : object.at(elems.offset);
    return fill_adjacent(reader, &element, elements, static_cast<std::uint64_t>(count), level, v,
                         heading);
}

// Elements live in buffers of equal size; _M_map lists the buffers, the
// start and finish iterators say where the elements begin and end.
bool fill_deque(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                Variable& v) {
    FoundMember start, last;
    Dwarf_Die iterator, element;
    FoundMember cur, first, end, node;
    if (!find_path(peeled, {"_M_impl", "_M_start"}, start) ||
        !find_path(peeled, {"_M_impl", "_M_finish"}, last) || !member_type_peeled(start, iterator) ||
        !find_member(&iterator, "_M_cur", cur) || !find_member(&iterator, "_M_first", first) ||
        !find_member(&iterator, "_M_last", end) || !find_member(&iterator, "_M_node", node) ||
        !pointee_of(cur, element))
        return false;
    std::uint64_t element_size = 0;
    if (!byte_size(&element, element_size) || element_size == 0) return false;
    std::uint64_t s_cur, s_first, s_last, s_node, f_cur, f_first, f_node;
    const ObjectRef s = object.at(start.offset), f = object.at(last.offset);
    if (!read_number(reader, s, cur, s_cur) || !read_number(reader, s, first, s_first) ||
        !read_number(reader, s, end, s_last) || !read_number(reader, s, node, s_node) ||
        !read_number(reader, f, cur, f_cur) || !read_number(reader, f, first, f_first) ||
        !read_number(reader, f, node, f_node)) {
        set_unreadable(v);
        return true;
    }
    if (s_last <= s_first || (s_last - s_first) % element_size != 0 || s_cur < s_first ||
        s_cur > s_last || f_cur < f_first || f_node < s_node || (f_node - s_node) % 8 != 0 ||
        (s_cur - s_first) % element_size != 0 || (f_cur - f_first) % element_size != 0)
        return false;
    const std::uint64_t per_buffer = (s_last - s_first) / element_size;
    const std::uint64_t buffers = (f_node - s_node) / 8;
    if (buffers > max_plausible_elements / per_buffer) return false;
    const std::uint64_t size = buffers * per_buffer + (f_cur - f_first) / element_size -
                               (s_cur - s_first) / element_size;
    if (size > max_plausible_elements) return false;
    const std::string heading = "std::deque with " + elements_text(size);
    v.value = heading;
    if (size == 0) return true;
    if (stop_at_depth(reader, level, v)) return true;
    const std::uint64_t shown = shown_count(reader, size);
    std::uint64_t at = s_cur, buffer_end = s_last, map_slot = s_node;
    for (std::uint64_t i = 0; i < shown; ++i) {
        if (at == buffer_end) {
            map_slot += 8;
            std::uint64_t buffer = 0;
            if (!reader.target().read(map_slot, &buffer, sizeof buffer) || buffer == 0) return false;
            at = buffer;
            buffer_end = buffer + per_buffer * element_size;
        }
        if (add_element(reader, v, index_name(i), &element, ObjectRef::in_memory(at), level) ==
            nullptr)
            break;
        at += element_size;
    }
    finish(reader, v, heading, shown, size, false);
    return true;
}

bool fill_list(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
               Variable& v) {
    FoundMember impl, header, next, size_member;
    Dwarf_Die impl_type, header_type, node_type, element;
    if (!find_member(peeled, "_M_impl", impl) || !member_type_peeled(impl, impl_type) ||
        !find_member(&impl_type, "_M_node", header) || !member_type_peeled(header, header_type) ||
        !find_member(&header_type, "_M_next", next, true) || !template_argument(peeled, 0, element) ||
        !object.has_address())
        return false;
    // A node is a _List_node_base (the links) followed by the value.
    Dwarf_Die links;
    std::uint64_t links_offset = 0, base_size = 0;
    if (!find_base(&header_type, "_List_node_base", links, links_offset) ||
        !byte_size(&links, base_size))
        return false;
    const bool have_node = node_type_of(&impl_type, node_type);
    const std::uint64_t value_offset = node_value_offset(have_node ? &node_type : nullptr, base_size);
    const std::uint64_t head = object.address() + impl.offset + header.offset;
    std::uint64_t first = 0, size = 0;
    if (!read_address(reader, object, impl.offset + header.offset + next.offset, first)) {
        set_unreadable(v);
        return true;
    }
    std::vector<std::uint64_t> nodes;
    if (find_member(&header_type, "_M_size", size_member)) {
        if (!read_number(reader, object.at(impl.offset + header.offset), size_member, size) ||
            size > max_plausible_elements)
            return false;
    } else {
        // The old ABI keeps no size: count.
        if (!walk_links(reader, first, head, next.offset, max_counted_links, nodes)) return false;
        size = nodes.size();
        nodes.clear();
    }
    const std::string heading = "std::list with " + elements_text(size);
    v.value = heading;
    if (size == 0) return first == head;
    if (stop_at_depth(reader, level, v)) return true;
    const std::uint64_t shown = shown_count(reader, size);
    if (!walk_links(reader, first, head, next.offset, shown, nodes) || nodes.size() != shown)
        return false;
    show_nodes(reader, v, nodes, NodeValues{&element, value_offset, false}, size, heading, level);
    return true;
}

bool fill_forward_list(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                       Variable& v) {
    FoundMember impl, head, next;
    Dwarf_Die impl_type, head_type, node_type, element;
    std::uint64_t base_size = 0;
    if (!find_member(peeled, "_M_impl", impl) || !member_type_peeled(impl, impl_type) ||
        !find_member(&impl_type, "_M_head", head) || !member_type_peeled(head, head_type) ||
        !find_member(&head_type, "_M_next", next, true) || !byte_size(&head_type, base_size) ||
        !template_argument(peeled, 0, element))
        return false;
    const bool have_node = node_type_of(&impl_type, node_type);
    const std::uint64_t value_offset = node_value_offset(have_node ? &node_type : nullptr, base_size);
    std::uint64_t first = 0;
    if (!read_address(reader, object, impl.offset + head.offset + next.offset, first)) {
        set_unreadable(v);
        return true;
    }
    // No size member: the links are counted, up to a bound.
    std::vector<std::uint64_t> nodes;
    if (!walk_links(reader, first, 0, next.offset, max_counted_links, nodes)) return false;
    const bool all = nodes.size() < max_counted_links;
    const std::uint64_t size = nodes.size();
    const std::string heading = std::string("std::forward_list with ") + (all ? "" : "at least ") +
                                elements_text(size);
    v.value = heading;
    if (size == 0) return true;
    if (stop_at_depth(reader, level, v)) return true;
    const std::span<const std::uint64_t> shown(nodes.data(), shown_count(reader, size));
    show_nodes(reader, v, shown, NodeValues{&element, value_offset, false}, size, heading, level);
    return true;
}

// _M_ptr and a length: _M_extent._M_extent_value for a dynamic extent, the
// template argument for a static one.
bool fill_span(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
               Variable& v) {
    FoundMember pointer;
    Dwarf_Die element;
    std::int64_t extent = 0;
    if (!find_member(peeled, "_M_ptr", pointer, true) || !pointee_of(pointer, element) ||
        !template_value(peeled, 0, extent))
        return false;
    std::uint64_t first = 0, count = 0;
    if (!read_address(reader, object, pointer.offset, first)) {
        set_unreadable(v);
        return true;
    }
    if (extent == -1) {
        FoundMember length;
        if (!find_path(peeled, {"_M_extent", "_M_extent_value"}, length)) return false;
        if (!read_number(reader, object, length, count)) {
            set_unreadable(v);
            return true;
        }
    } else {
        count = static_cast<std::uint64_t>(extent);
    }
    if (count > max_plausible_elements || (first == 0 && count != 0)) return false;
    return fill_contiguous(reader, &element, first, count, level, v,
                           "std::span of length " + std::to_string(count));
}

}  // namespace capsule::values::stdlib

// Logical views of libstdc++ types, as its gdb pretty printers show them.
// The layout is found through DWARF member names (_M_impl, _M_start, ...),
// never through fixed offsets; when it does not match, or the numbers in it
// are implausible (a corrupt or uninitialised object), the raw struct is
// shown instead, marked "(raw)".
#include <dwarf.h>

#include <cstring>
#include <string_view>

#include "values/dwarf_types.hpp"
#include "values/reader.hpp"
#include "values/scalar_format.hpp"

namespace capsule::values {

namespace {

constexpr std::uint64_t max_plausible_elements = 100'000'000;
constexpr std::uint64_t max_plausible_string = std::uint64_t{1} << 30;
constexpr std::int64_t max_plausible_count = std::int64_t{1} << 30;

enum class View { none, string, vector, unique_ptr, shared_ptr, weak_ptr };

View view_of(Dwarf_Die* peeled) {
    const char* name = dwarf_diename(peeled);
    if (name == nullptr) return View::none;
    const std::string_view n(name);
    View view = View::none;
    if (n.starts_with("basic_string<")) view = View::string;
    else if (n.starts_with("vector<")) view = View::vector;
    else if (n.starts_with("unique_ptr<")) view = View::unique_ptr;
    else if (n.starts_with("shared_ptr<")) view = View::shared_ptr;
    else if (n.starts_with("weak_ptr<")) view = View::weak_ptr;
    if (view == View::none) return view;
    // A user's own vector<T> outside std keeps its members.
    return scope_prefix(peeled).starts_with("std::") ? view : View::none;
}

// Reads an unsigned integer member of 1..8 bytes.
bool read_number(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                 std::uint64_t& out) {
    std::uint64_t size = 0;
    if (!member.has_type || !byte_size(const_cast<Dwarf_Die*>(&member.type), size) || size == 0 ||
        size > 8)
        return false;
    out = 0;
    return object.read(reader.target(), member.offset, &out, size) == ValueStatus::ok;
}

bool pointee_of(const FoundMember& pointer, Dwarf_Die& out) {
    Dwarf_Die peeled;
    return pointer.has_type && peel(const_cast<Dwarf_Die*>(&pointer.type), peeled) &&
           dwarf_tag(&peeled) == DW_TAG_pointer_type && type_of(&peeled, out);
}

bool member_type_peeled(const FoundMember& member, Dwarf_Die& out) {
    return member.has_type && peel(const_cast<Dwarf_Die*>(&member.type), out);
}

void set_unreadable(Variable& v) {
    v.status = ValueStatus::unreadable;
    v.value = unreadable_text;
}

// ---- std::basic_string ------------------------------------------------------

bool fill_string(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    FoundMember dataplus, data, length;
    Dwarf_Die hider, chars_type, chars_peeled;
    CharType chars;
    if (!find_member(peeled, "_M_dataplus", dataplus) || !member_type_peeled(dataplus, hider) ||
        !find_member(&hider, "_M_p", data, true) || !pointee_of(data, chars_type) ||
        !peel(&chars_type, chars_peeled) || !char_type(&chars_peeled, chars) ||
        !find_member(peeled, "_M_string_length", length))
        return false;
    std::uint64_t address = 0, size = 0;
    if (object.read(reader.target(), dataplus.offset + data.offset, &address, 8) != ValueStatus::ok ||
        !read_number(reader, object, length, size)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_string || (address == 0 && size != 0)) return false;
    const std::uint64_t shown = std::min<std::uint64_t>(size, reader.bounds().max_string_bytes);
    const auto unit = static_cast<std::size_t>(chars.unit_size);
    std::vector<std::uint8_t> raw(shown * unit);
    if (shown > 0 && !reader.target().read(address, raw.data(), raw.size())) {
        set_unreadable(v);
        return true;
    }
    const bool cut = size > shown;
    if (cut) v.status = ValueStatus::truncated;
    if (unit == 1) {
        v.value = quote_bytes(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()),
                              chars, cut);
        return true;
    }
    std::vector<std::uint32_t> units(shown);
    for (std::size_t i = 0; i < shown; ++i) {
        std::uint32_t u = 0;
        std::memcpy(&u, raw.data() + i * unit, unit);
        units[i] = u;
    }
    v.value = quote_units(units, chars, cut);
    return true;
}

// ---- std::vector ------------------------------------------------------------

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
    BitIterator start, finish;
    std::uint64_t end = 0;
    Dwarf_Die word_type;
    std::uint64_t word_size = 0;
    if (!read_bit_iterator(reader, impl, start_member, start) ||
        !read_bit_iterator(reader, impl, finish_member, finish) ||
        !read_number(reader, impl, storage_end, end) || !pointee_of(storage_end, word_type) ||
        !byte_size(&word_type, word_size) || word_size == 0 || word_size > 8)
        return false;
    const std::uint64_t bits = word_size * 8;
    if (finish.word < start.word || end < finish.word || start.offset >= bits ||
        finish.offset >= bits || (finish.word - start.word) % word_size != 0 ||
        (end - start.word) % word_size != 0)
        return false;
    const std::uint64_t words = (finish.word - start.word) / word_size;
    if (words > max_plausible_elements / bits) return false;
    const std::uint64_t length = words * bits + finish.offset - start.offset;
    const std::uint64_t capacity = (end - start.word) / word_size * bits;
    v.value = "std::vector<bool> of length " + std::to_string(length) + ", capacity " +
              std::to_string(capacity);
    if (length == 0) return true;
    if (!reader.may_descend(level)) {
        v.value += " = {...}";
        v.status = ValueStatus::truncated;
        return true;
    }
    const std::uint64_t shown = std::min<std::uint64_t>(length, reader.bounds().max_items);
    std::vector<std::uint8_t> storage(((start.offset + shown + bits - 1) / bits) * word_size);
    if (!reader.target().read(start.word, storage.data(), storage.size())) return false;
    for (std::uint64_t i = 0; i < shown; ++i) {
        Variable* c = reader.add_child(v, "[" + std::to_string(i) + "]", "element");
        if (c == nullptr) break;
        const std::uint64_t bit = start.offset + i;
        c->type = "bool";
        c->value = (storage[bit / 8] >> (bit % 8)) & 1 ? "true" : "false";
    }
    if (length > shown && v.children.size() == shown) reader.add_more_marker(v, length - shown);
    v.value += " = " + Reader::summarize(v, false);
    return true;
}

bool fill_vector(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                 Variable& v) {
    FoundMember impl, start, finish, end;
    Dwarf_Die impl_type, start_type;
    if (!find_member(peeled, "_M_impl", impl) || !member_type_peeled(impl, impl_type) ||
        !find_member(&impl_type, "_M_start", start) ||
        !find_member(&impl_type, "_M_finish", finish) ||
        !find_member(&impl_type, "_M_end_of_storage", end) || !member_type_peeled(start, start_type))
        return false;
    const ObjectRef impl_object = object.at(impl.offset);
    if (dwarf_tag(&start_type) != DW_TAG_pointer_type)
        return fill_bool_vector(reader, impl_object, start, finish, end, level, v);

    Dwarf_Die element;
    std::uint64_t element_size = 0, first = 0, last = 0, storage_end = 0;
    if (!pointee_of(start, element) || !byte_size(&element, element_size) || element_size == 0)
        return false;
    if (!read_number(reader, impl_object, start, first) ||
        !read_number(reader, impl_object, finish, last) ||
        !read_number(reader, impl_object, end, storage_end)) {
        set_unreadable(v);
        return true;
    }
    if (last < first || storage_end < last || (last - first) % element_size != 0 ||
        (storage_end - first) % element_size != 0 ||
        (last - first) / element_size > max_plausible_elements ||
        (first == 0 && storage_end != 0))
        return false;
    const std::uint64_t length = (last - first) / element_size;
    const std::uint64_t capacity = (storage_end - first) / element_size;
    v.value = "std::vector of length " + std::to_string(length) + ", capacity " +
              std::to_string(capacity);
    if (length == 0) return true;
    if (!reader.may_descend(level)) {
        v.value += " = {...}";
        v.status = ValueStatus::truncated;
        return true;
    }
    const std::uint64_t shown = std::min<std::uint64_t>(length, reader.bounds().max_items);
    const ObjectRef elements =
        ObjectRef::in_memory(first).cached(reader.target(), shown * element_size);
    // Pointers that look sane but lead nowhere: a dangling or garbage vector.
    if (reader.probe(elements) != ValueStatus::ok) return false;
    const std::string element_name = type_name(&element);
    const Level next{level.depth + 1, level.pointers};
    for (std::uint64_t i = 0; i < shown; ++i) {
        const std::string index = "[" + std::to_string(i) + "]";
        Variable* c = reader.add_child(v, index, "element");
        if (c == nullptr) break;
        c->type = element_name;
        reader.fill(&element, elements.at(i * element_size), next, *c, index);
    }
    if (length > shown && v.children.size() == shown) reader.add_more_marker(v, length - shown);
    v.value += " = " + Reader::summarize(v, false);
    return true;
}

// ---- smart pointers ---------------------------------------------------------

std::string smart_pointer_name(const char* kind, Dwarf_Die* peeled, Dwarf_Die* pointee) {
    Dwarf_Die argument;
    const std::string argument_name =
        template_type_argument(peeled, 0, argument) ? type_name(&argument) : type_name(pointee);
    return std::string("std::") + kind + "<" + argument_name + ">";
}

bool fill_unique_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                     Variable& v) {
    FoundMember outer, tuple, head;
    Dwarf_Die outer_type, tuple_type, pointee;
    if (!find_member(peeled, "_M_t", outer) || !member_type_peeled(outer, outer_type) ||
        !find_member(&outer_type, "_M_t", tuple) || !member_type_peeled(tuple, tuple_type) ||
        !find_member(&tuple_type, "_M_head_impl", head, true) || !pointee_of(head, pointee))
        return false;
    std::uint64_t address = 0;
    if (object.read(reader.target(), outer.offset + tuple.offset + head.offset, &address, 8) !=
        ValueStatus::ok) {
        set_unreadable(v);
        return true;
    }
    v.value = smart_pointer_name("unique_ptr", peeled, &pointee) + " = {get() = " +
              format_hex(address) + "}";
    reader.follow_pointer(&pointee, address, level, v, "*get()");
    return true;
}

bool fill_shared_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                     Variable& v, bool weak) {
    FoundMember pointer, refcount, counted, use, weak_count;
    Dwarf_Die pointee, refcount_type, counted_type;
    if (!find_member(peeled, "_M_ptr", pointer, true) || !pointee_of(pointer, pointee) ||
        !find_member(peeled, "_M_refcount", refcount) ||
        !member_type_peeled(refcount, refcount_type) ||
        !find_member(&refcount_type, "_M_pi", counted, true) || !pointee_of(counted, counted_type) ||
        !peel(&counted_type, counted_type) || !find_member(&counted_type, "_M_use_count", use) ||
        !find_member(&counted_type, "_M_weak_count", weak_count))
        return false;
    std::uint64_t address = 0, counts = 0;
    if (object.read(reader.target(), pointer.offset, &address, 8) != ValueStatus::ok ||
        object.read(reader.target(), refcount.offset + counted.offset, &counts, 8) !=
            ValueStatus::ok) {
        set_unreadable(v);
        return true;
    }
    std::string state = "empty";
    std::int64_t uses = 0;
    if (counts != 0) {
        std::int32_t use_value = 0, weak_value = 0;
        const ObjectRef block = ObjectRef::in_memory(counts);
        if (block.read(reader.target(), use.offset, &use_value, 4) != ValueStatus::ok ||
            block.read(reader.target(), weak_count.offset, &weak_value, 4) != ValueStatus::ok ||
            use_value < 0 || weak_value < 0 || use_value > max_plausible_count ||
            weak_value > max_plausible_count)
            return false;
        uses = use_value;
        // The weak count includes one reference held by all the owners
        // together; gdb shows the weak references alone.
        state = uses == 0 ? "expired, weak count " + std::to_string(weak_value)
                          : "use count " + std::to_string(uses) + ", weak count " +
                                std::to_string(weak_value - 1);
    }
    v.value = smart_pointer_name(weak ? "weak_ptr" : "shared_ptr", peeled, &pointee) + " (" +
              state + ") = {get() = " + format_hex(address) + "}";
    if (uses > 0) reader.follow_pointer(&pointee, address, level, v, "*get()");
    return true;
}

}  // namespace

bool fill_stdlib_view(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                      Variable& v) {
    const View view = view_of(peeled);
    if (view == View::none) return false;
    std::uint64_t size = 0;
    byte_size(peeled, size);
    const ObjectRef self = object.cached(reader.target(), size);
    if (const ValueStatus status = reader.probe(self); status != ValueStatus::ok) {
        v.status = status;
        v.value = absent_text(status);
        return true;
    }
    bool matched = false;
    switch (view) {
    case View::string: matched = fill_string(reader, peeled, self, v); break;
    case View::vector: matched = fill_vector(reader, peeled, self, level, v); break;
    case View::unique_ptr: matched = fill_unique_ptr(reader, peeled, self, level, v); break;
    case View::shared_ptr: matched = fill_shared_ptr(reader, peeled, self, level, v, false); break;
    case View::weak_ptr: matched = fill_shared_ptr(reader, peeled, self, level, v, true); break;
    case View::none: break;
    }
    if (matched) return true;
    // A view may have added children before it found the layout implausible.
    v.children.clear();
    v.status = ValueStatus::ok;
    v.value.clear();
    reader.fill_aggregate(peeled, self, level, v, "(raw)");
    return true;
}

}  // namespace capsule::values

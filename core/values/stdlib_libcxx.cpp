// libc++ (LLVM's standard library, std::__1): string, vector, unique_ptr,
// shared_ptr and weak_ptr, shown with the same words as their libstdc++
// counterparts so that a capsule reads the same whichever library the
// program used. Layouts of libc++ 14, little-endian, found by member names.
#include <dwarf.h>

#include "values/scalar_format.hpp"
#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

bool fill_libcxx_bool_vector(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object,
                             Level level, Variable& v) {
    FoundMember words, size_member, capacity_member;
    Dwarf_Die word_type;
    std::uint64_t word_size = 0;
    if (!find_member(peeled, "__begin_", words, true) || !pointee_of(words, word_type) ||
        !byte_size(&word_type, word_size) || word_size == 0 || word_size > 8 ||
        !find_member(peeled, "__size_", size_member) ||
        !find_path(peeled, {"__cap_alloc_", "__value_"}, capacity_member))
        return false;
    std::uint64_t first = 0, length = 0, capacity_words = 0;
    if (!read_address(reader, object, words.offset, first) ||
        !read_number(reader, object, size_member, length) ||
        !read_number(reader, object, capacity_member, capacity_words)) {
        set_unreadable(v);
        return true;
    }
    const std::uint64_t bits = word_size * 8;
    if (capacity_words > max_plausible_elements / bits || length > capacity_words * bits ||
        (first == 0 && capacity_words != 0))
        return false;
    return fill_bits(reader, first, word_size, 0, length, capacity_words * bits, level, v);
}

bool fill_libcxx_shared(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v, bool weak) {
    FoundMember pointer, control, owners, weak_owners;
    Dwarf_Die pointee, block;
    if (!find_member(peeled, "__ptr_", pointer, true) || !pointee_of(pointer, pointee) ||
        !find_member(peeled, "__cntrl_", control, true) || !pointee_of(control, block) ||
        !peel(&block, block))
        return false;
    // clang -O2 may only declare the control block (its vtable lives in
    // libc++.so): the counts are then not known, the pointer still is.
    const bool counted = find_member(&block, "__shared_owners_", owners) &&
                         find_member(&block, "__shared_weak_owners_", weak_owners);
    if (!counted && !has_flag(&block, DW_AT_declaration)) return false;
    std::uint64_t address = 0, counts = 0;
    if (!read_address(reader, object, pointer.offset, address) ||
        !read_address(reader, object, control.offset, counts)) {
        set_unreadable(v);
        return true;
    }
    std::string state = "empty";
    std::int64_t uses = 0;
    if (counts != 0 && !counted) {
        state = "use count unknown";
        // Owners keep the object alive; a weak reference may not.
        uses = weak ? 0 : 1;
    } else if (counts != 0) {
        // Both counts are kept minus one; the owners together hold one weak
        // reference, which gdb's wording leaves out.
        std::int64_t owners_less_one = 0, weak_less_one = 0;
        const ObjectRef block_object = ObjectRef::in_memory(counts);
        if (!read_signed(reader, block_object, owners, owners_less_one) ||
            !read_signed(reader, block_object, weak_owners, weak_less_one))
            return false;
        uses = owners_less_one + 1;
        if (!shared_state(uses, weak_less_one + 1 - (uses > 0 ? 1 : 0), state)) return false;
    }
    v.value = smart_pointer_name(weak ? "weak_ptr" : "shared_ptr", peeled, &pointee) + " (" +
              state + ") = {get() = " + format_hex(address) + "}";
    if (uses > 0) reader.follow_pointer(&pointee, address, level, v, "*get()");
    return true;
}

}  // namespace

// __r_.__value_ is a union of __l {__cap_, __size_, __data_} and __s {size
// byte, __data_[]}: the lowest bit of the first byte says which is in use,
// and the short form's size is the rest of that byte.
bool fill_libcxx_string(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level,
                        Variable& v) {
    FoundMember rep, long_form, long_size, long_data, short_form, short_data;
    Dwarf_Die rep_type, long_type, short_type, chars_type, short_array;
    CharType chars;
    if (!find_path(peeled, {"__r_", "__value_"}, rep) || !member_type_peeled(rep, rep_type) ||
        !find_member(&rep_type, "__l", long_form) || !member_type_peeled(long_form, long_type) ||
        !find_member(&rep_type, "__s", short_form) || !member_type_peeled(short_form, short_type) ||
        !find_member(&long_type, "__size_", long_size) ||
        !find_member(&long_type, "__data_", long_data, true) || !pointee_of(long_data, chars_type) ||
        !char_type_of(&chars_type, chars) || !find_member(&short_type, "__data_", short_data) ||
        !member_type_peeled(short_data, short_array) || dwarf_tag(&short_array) != DW_TAG_array_type)
        return false;
    // The alternate layout (__data_ first) keeps the flag elsewhere.
    if (long_data.offset == 0 || long_form.offset != 0 || short_form.offset != 0) return false;
    std::uint8_t first_byte = 0;
    if (object.read(reader.target(), rep.offset, &first_byte, 1) != ValueStatus::ok) {
        set_unreadable(v);
        return true;
    }
    const ObjectRef rep_object = object.at(rep.offset);
    if ((first_byte & 1) == 0) {
        const std::uint64_t size = first_byte >> 1;
        const auto dims = array_dimensions(&short_array);
        if (dims.size() != 1 || size > dims[0]) return false;
        // The characters are inside the object: read them from it, wherever it is.
        std::vector<std::uint8_t> raw(size * static_cast<std::uint64_t>(chars.unit_size));
        if (size > 0 && rep_object.read(reader.target(), short_data.offset, raw.data(), raw.size()) !=
                            ValueStatus::ok) {
            set_unreadable(v);
            return true;
        }
        v.value = quote_raw(raw, chars, false);
        return true;
    }
    std::uint64_t size = 0, data = 0;
    if (!read_number(reader, rep_object, long_size, size) ||
        !read_address(reader, rep_object, long_data.offset, data)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_string || data == 0) return false;
    if (!quote_target_text(reader, data, size, chars, v)) set_unreadable(v);
    return true;
}

bool fill_libcxx_vector(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v) {
    FoundMember begin, end, capacity;
    Dwarf_Die element;
    if (find_member(peeled, "__size_", end) && find_member(peeled, "__cap_alloc_", capacity))
        return fill_libcxx_bool_vector(reader, peeled, object, level, v);
    if (!find_member(peeled, "__begin_", begin, true) || !find_member(peeled, "__end_", end, true) ||
        !find_path(peeled, {"__end_cap_", "__value_"}, capacity, true) || !pointee_of(begin, element))
        return false;
    std::uint64_t element_size = 0, first = 0, last = 0, storage_end = 0;
    if (!byte_size(&element, element_size) || element_size == 0) return false;
    if (!read_address(reader, object, begin.offset, first) ||
        !read_address(reader, object, end.offset, last) ||
        !read_address(reader, object, capacity.offset, storage_end)) {
        set_unreadable(v);
        return true;
    }
    return fill_vector_storage(reader, &element, element_size, first, last, storage_end, level, v);
}

bool fill_libcxx_unique_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object,
                            Level level, Variable& v) {
    FoundMember pointer;
    Dwarf_Die pointee;
    if (!find_path(peeled, {"__ptr_", "__value_"}, pointer, true) || !pointee_of(pointer, pointee))
        return false;
    std::uint64_t address = 0;
    if (!read_address(reader, object, pointer.offset, address)) {
        set_unreadable(v);
        return true;
    }
    v.value = smart_pointer_name("unique_ptr", peeled, &pointee) + " = {get() = " +
              format_hex(address) + "}";
    reader.follow_pointer(&pointee, address, level, v, "*get()");
    return true;
}

bool fill_libcxx_shared_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object,
                            Level level, Variable& v) {
    return fill_libcxx_shared(reader, peeled, object, level, v, false);
}

bool fill_libcxx_weak_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                          Variable& v) {
    return fill_libcxx_shared(reader, peeled, object, level, v, true);
}

}  // namespace capsule::values::stdlib

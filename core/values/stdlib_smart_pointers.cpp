// std::unique_ptr (and its deleter), std::shared_ptr and std::weak_ptr of
// libstdc++: the pointer as gdb prints it, the counts of the control block,
// and the object pointed to as the child "*get()".
#include <dwarf.h>

#include "values/scalar_format.hpp"
#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

constexpr int max_tuple_nesting = 16;

// The tuple member `_M_head_impl` of type `wanted` (the deleter next to the
// pointer, which has the same member name).
bool find_head_of_type(Dwarf_Die* aggregate, const std::string& wanted, std::uint64_t base_offset,
                       int nesting, FoundMember& out) {
    if (nesting > max_tuple_nesting) return false;
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    do {
        const int tag = dwarf_tag(&child);
        std::uint64_t offset = 0;
        Dwarf_Die type, peeled;
        if (!member_offset(&child, offset) || !type_of(&child, type)) continue;
        if (tag == DW_TAG_member) {
            const char* name = dwarf_diename(&child);
            if (name != nullptr && std::string_view(name) == "_M_head_impl" && peel(&type, peeled) &&
                type_name(&peeled) == wanted) {
                out.die = child;
                out.type = type;
                out.has_type = true;
                out.offset = base_offset + offset;
                return true;
            }
        } else if (tag == DW_TAG_inheritance && peel(&type, peeled) &&
                   find_head_of_type(&peeled, wanted, base_offset + offset, nesting + 1, out)) {
            return true;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

bool fill_shared_or_weak(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                         Variable& v, bool weak) {
    FoundMember pointer, counted, use, weak_count;
    Dwarf_Die pointee, counted_type;
    if (!find_member(peeled, "_M_ptr", pointer, true) || !pointee_of(pointer, pointee) ||
        !find_path(peeled, {"_M_refcount", "_M_pi"}, counted, true) ||
        !pointee_of(counted, counted_type) || !peel(&counted_type, counted_type) ||
        !find_member(&counted_type, "_M_use_count", use) ||
        !find_member(&counted_type, "_M_weak_count", weak_count))
        return false;
    std::uint64_t address = 0, block = 0;
    if (!read_address(reader, object, pointer.offset, address) ||
        !read_address(reader, object, counted.offset, block)) {
        set_unreadable(v);
        return true;
    }
    std::string state = "empty";
    std::int64_t uses = 0;
    if (block != 0) {
        std::int64_t weak_value = 0;
        const ObjectRef counts = ObjectRef::in_memory(block);
        if (!read_signed(reader, counts, use, uses) || !read_signed(reader, counts, weak_count, weak_value))
            return false;
        // The weak count includes one reference held by all the owners
        // together; gdb shows the weak references alone.
        if (!shared_state(uses, weak_value - (uses > 0 ? 1 : 0), state)) return false;
    }
    v.value = smart_pointer_name(weak ? "weak_ptr" : "shared_ptr", peeled, &pointee) + " (" +
              state + ") = {get() = " + format_hex(address) + "}";
    if (uses > 0) reader.follow_pointer(&pointee, address, level, v, "*get()");
    return true;
}

}  // namespace

std::string smart_pointer_name(const char* kind, Dwarf_Die* peeled, Dwarf_Die* pointee) {
    Dwarf_Die argument;
    const std::string argument_name =
        template_type_argument(peeled, 0, argument) ? type_name(&argument) : type_name(pointee);
    return abbreviated(std::string("std::") + kind + "<" + argument_name + ">");
}

bool shared_state(std::int64_t uses, std::int64_t weak_references, std::string& out) {
    if (uses < 0 || weak_references < 0 || uses > max_plausible_count ||
        weak_references > max_plausible_count)
        return false;
    out = uses == 0 ? "expired, weak count " + std::to_string(weak_references)
                    : "use count " + std::to_string(uses) + ", weak count " +
                          std::to_string(weak_references);
    return true;
}

bool fill_unique_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                     Variable& v) {
    FoundMember outer, head;
    Dwarf_Die outer_type, tuple_type, pointee;
    if (!find_member(peeled, "_M_t", outer) || !member_type_peeled(outer, outer_type) ||
        !find_path(&outer_type, {"_M_t", "_M_head_impl"}, head, true) || !pointee_of(head, pointee))
        return false;
    std::uint64_t address = 0;
    if (!read_address(reader, object, outer.offset + head.offset, address)) {
        set_unreadable(v);
        return true;
    }
    v.value = smart_pointer_name("unique_ptr", peeled, &pointee) + " = {get() = " +
              format_hex(address) + "}";
    reader.follow_pointer(&pointee, address, level, v, "*get()");
    // A deleter of its own (not std::default_delete) may hold state worth seeing.
    Dwarf_Die deleter, deleter_peeled;
    FoundMember tuple, held;
    if (template_type_argument(peeled, 1, deleter) && peel(&deleter, deleter_peeled) &&
        !name_starts_with(&deleter_peeled, "default_delete<") && reader.may_descend(level) &&
        find_member(&outer_type, "_M_t", tuple) && member_type_peeled(tuple, tuple_type) &&
        find_head_of_type(&tuple_type, type_name(&deleter_peeled), 0, 0, held))
        add_element(reader, v, "get_deleter()", &held.type,
                    object.at(outer.offset + tuple.offset + held.offset), level, "member");
    return true;
}

bool fill_shared_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                     Variable& v) {
    return fill_shared_or_weak(reader, peeled, object, level, v, false);
}

bool fill_weak_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                   Variable& v) {
    return fill_shared_or_weak(reader, peeled, object, level, v, true);
}

}  // namespace capsule::values::stdlib

#include "values/read_object.hpp"

#include <dwarf.h>

#include "values/dwarf_types.hpp"
#include "values/reader.hpp"
#include "values/scalar_format.hpp"

namespace capsule::values {

namespace {

constexpr std::size_t max_scalar_size = 16;

void set_absent(Variable& v, ValueStatus status) {
    v.status = status;
    v.value = absent_text(status);
}

}  // namespace

const char* absent_text(ValueStatus status) {
    switch (status) {
    case ValueStatus::optimized_out: return optimized_out_text;
    case ValueStatus::not_implemented: return not_implemented_text;
    case ValueStatus::truncated: return "...";
    default: return unreadable_text;
    }
}

Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context) {
    return read_object(type, location, context, std::string());
}

Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context,
                     const std::string& name) {
    Variable v;
    v.name = name;
    v.type = type_name(type);
    if (!context.budget.take_value()) {
        v.status = ValueStatus::truncated;
        v.value = "...";
        return v;
    }
    if (location.implicit_pointer) {
        // gdb's word for a pointer the compiler replaced by what it points to.
        v.value = "<synthetic pointer>";
        return v;
    }
    if (location.status != ValueStatus::ok) {
        set_absent(v, location.status);
        return v;
    }
    std::uint64_t size = 0;
    byte_size(type, size);
    Located located = locate(location, size, context.target);
    if (located.status != ValueStatus::ok) {
        set_absent(v, located.status);
        return v;
    }
    Reader reader(context);
    reader.fill(type, located.object, Level{}, v, name);
    return v;
}

void Reader::fill(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& v,
                  const std::string& display_name) {
    if (object.has_address()) v.address = object.address();
    Dwarf_Die peeled;
    if (type == nullptr || !peel(type, peeled)) {
        set_absent(v, ValueStatus::not_implemented);
        return;
    }
    switch (dwarf_tag(&peeled)) {
    case DW_TAG_base_type: fill_base(&peeled, object, v); return;
    case DW_TAG_enumeration_type: fill_enum(&peeled, object, v); return;
    case DW_TAG_pointer_type: fill_pointer(&peeled, object, level, v, display_name); return;
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
        fill_reference(&peeled, object, level, v, display_name);
        return;
    case DW_TAG_ptr_to_member_type: fill_member_pointer(&peeled, object, v); return;
    case DW_TAG_array_type: fill_array(&peeled, 0, object, level, v); return;
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
    case DW_TAG_union_type:
        if (has_flag(&peeled, DW_AT_declaration)) {
            v.value = "<incomplete type>";
            return;
        }
        if (fill_stdlib_view(*this, &peeled, object, level, v)) return;
        fill_aggregate(&peeled, object, level, v);
        return;
    case DW_TAG_unspecified_type: {
        // std::nullptr_t, the one unspecified type C++ has: a pointer-sized zero.
        std::uint64_t size = 8, value = 0;
        byte_size(&peeled, size);
        if (size > sizeof value) size = sizeof value;
        const ValueStatus status = object.read(target(), 0, &value, size);
        if (status != ValueStatus::ok) return set_absent(v, status);
        v.value = format_hex(value);
        return;
    }
    default:
        set_absent(v, ValueStatus::not_implemented);
        return;
    }
}

Variable* Reader::add_child(Variable& parent, std::string name, const char* kind) {
    if (!context_.budget.take_value()) {
        if (parent.status == ValueStatus::ok) parent.status = ValueStatus::truncated;
        return nullptr;
    }
    Variable& child = parent.children.emplace_back();
    child.name = std::move(name);
    child.kind = kind;
    return &child;
}

void Reader::mark_too_deep(Variable& v) {
    v.value = "{...}";
    v.status = ValueStatus::truncated;
}

ValueStatus Reader::probe(const ObjectRef& object) const {
    if (!object.in_target_memory()) return ValueStatus::ok;
    std::uint8_t byte;
    return object.read(target(), 0, &byte, 1);
}

void Reader::add_more_marker(Variable& v, std::uint64_t left_out) {
    if (v.status == ValueStatus::ok) v.status = ValueStatus::truncated;
    Variable* marker = add_child(v, "...", "element");
    if (marker == nullptr) return;
    marker->status = ValueStatus::truncated;
    marker->value = std::to_string(left_out) + " more";
}

void Reader::fill_base(Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    std::uint64_t size = 0;
    if (!byte_size(peeled, size) || size == 0 || size > max_scalar_size)
        return set_absent(v, ValueStatus::not_implemented);
    std::uint8_t bytes[max_scalar_size] = {};
    const ValueStatus status = object.read(target(), 0, bytes, size);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_base(peeled, bytes, size);
}

void Reader::fill_enum(Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    std::uint64_t size = 0;
    if (!byte_size(peeled, size) || size == 0 || size > 8)
        return set_absent(v, ValueStatus::not_implemented);
    std::uint8_t bytes[8] = {};
    const ValueStatus status = object.read(target(), 0, bytes, size);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_enum(peeled, bytes, size);
}

bool Reader::worth_following(Dwarf_Die* pointee_type) {
    Dwarf_Die peeled;
    if (!peel(pointee_type, peeled)) return false;  // void *
    switch (dwarf_tag(&peeled)) {
    case DW_TAG_base_type:
    case DW_TAG_enumeration_type:
        return true;
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
    case DW_TAG_union_type:
        return !has_flag(&peeled, DW_AT_declaration);
    default:
        return false;
    }
}

void Reader::follow_pointer(Dwarf_Die* pointee_type, std::uint64_t address, Level level,
                            Variable& v, const std::string& child_name) {
    if (address == 0 || level.pointers >= bounds().pointer_depth || !may_descend(level)) return;
    if (!worth_following(pointee_type)) return;
    Variable* child = add_child(v, child_name, "value");
    if (child == nullptr) return;
    child->type = type_name(pointee_type);
    fill(pointee_type, ObjectRef::in_memory(address), Level{level.depth + 1, level.pointers + 1},
         *child, child_name);
}

void Reader::fill_pointer(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                          const std::string& display_name) {
    std::uint64_t address = 0;
    const ValueStatus status = object.read(target(), 0, &address, sizeof address);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_hex(address);

    Dwarf_Die pointee, pointee_peeled;
    if (!type_of(peeled, pointee) || !peel(&pointee, pointee_peeled) || address == 0) return;
    CharType chars;
    if (char_type(&pointee_peeled, chars)) {
        const std::size_t max = bounds().max_string_bytes;
        TargetText text = read_text(target(), address, chars.unit_size, max + 1);
        if (!text.readable) {
            v.value += " <error: Cannot access memory at address " + format_hex(address) + ">";
            return;
        }
        const bool cut = text.units.size() > max;
        if (cut) {
            text.units.resize(max);
            if (text.bytes.size() > max) text.bytes.resize(max);
            v.status = ValueStatus::truncated;
        }
        v.value += " ";
        v.value += chars.unit_size == 1 ? quote_bytes(text.bytes, chars, cut)
                                        : quote_units(text.units, chars, cut);
        if (!cut && !text.complete) {
            const std::uint64_t stop = address + text.units.size() * chars.unit_size;
            v.value += "<error: Cannot access memory at address " + format_hex(stop) + ">";
        }
        return;
    }
    follow_pointer(&pointee, address, level, v, "*" + display_name);
}

void Reader::fill_reference(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                            const std::string& display_name) {
    std::uint64_t address = 0;
    const ValueStatus status = object.read(target(), 0, &address, sizeof address);
    if (status != ValueStatus::ok) return set_absent(v, status);
    Dwarf_Die referred, referred_peeled;
    // C++ has no reference to a reference; corrupt DWARF that says so would
    // otherwise recurse without ever going a level deeper.
    if (!type_of(peeled, referred) || !peel(&referred, referred_peeled) ||
        dwarf_tag(&referred_peeled) == DW_TAG_reference_type ||
        dwarf_tag(&referred_peeled) == DW_TAG_rvalue_reference_type)
        return set_absent(v, ValueStatus::not_implemented);
    // A reference shows what it refers to, where that lives: gdb's
    // "(int &) @0x7ffd...: 42" as value 42 at address 0x7ffd...
    v.address = address;
    if (address == 0) return set_absent(v, ValueStatus::unreadable);
    fill(&referred, ObjectRef::in_memory(address), level, v, display_name);
}

void Reader::fill_member_pointer(Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    std::uint64_t size = 8;
    byte_size(peeled, size);
    std::int64_t value = 0;
    const ValueStatus status = object.read(target(), 0, &value, sizeof value);
    if (status != ValueStatus::ok) return set_absent(v, status);
    Dwarf_Die container;
    Dwarf_Attribute attr;
    const bool has_container = dwarf_attr(peeled, DW_AT_containing_type, &attr) != nullptr &&
                               dwarf_formref_die(&attr, &container) != nullptr &&
                               peel(&container, container);
    if (size > 8) {  // pointer to member function: {address or vtable offset + 1, adjustment}
        v.value = format_hex(static_cast<std::uint64_t>(value));
        return;
    }
    if (value == -1) {  // the Itanium ABI's null data member pointer
        v.value = "NULL";
        return;
    }
    if (has_container) {
        Dwarf_Die child;
        if (dwarf_child(&container, &child) == 0) {
            do {
                std::uint64_t offset = 0;
                const char* name = dwarf_diename(&child);
                if (dwarf_tag(&child) == DW_TAG_member && name != nullptr &&
                    member_offset(&child, offset) && offset == static_cast<std::uint64_t>(value)) {
                    v.value = "&" + type_name(&container) + "::" + name;
                    return;
                }
            } while (dwarf_siblingof(&child, &child) == 0);
        }
    }
    v.value = std::to_string(value);
}

}  // namespace capsule::values

// Pointers, references and pointers to members: gdb's "0x4040 <counter>",
// "@0x7ffd...: 42", and the objects they lead to as children, each read once.
#include <dwarf.h>

#include <string>

#include "graph/builder.hpp"
#include "symbols/symbols.hpp"
#include "values/dwarf_types.hpp"
#include "values/reader.hpp"
#include "values/scalar_format.hpp"
#include "values/type_lookup.hpp"

namespace capsule::values {

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
    if (address == 0 || !worth_following(pointee_type)) return;
    Dwarf_Die type = *pointee_type;
    Dwarf_Die peeled;
    std::uint64_t at = address;
    bool dynamic = false;
    if (peel(pointee_type, peeled) && is_class_tag(dwarf_tag(&peeled))) {
        Dynamic found;
        if (dynamic_type(&peeled, address, found)) {
            type = peeled = found.type;
            at = found.address;
            dynamic = true;
        }
        // Read before: an edge and a reference, whatever the bounds, so that
        // a cycle shows as one even where the tree is cut.
        if (context_.graph != nullptr && is_graph_object(&peeled)) {
            const int id = context_.graph->find(at, type_name(&peeled));
            if (id >= 0) {
                link_to(id);
                if (!may_descend(level)) return;
                Variable* child = add_child(v, child_name, "value");
                if (child == nullptr) return;
                child->type = type_name(&peeled);
                child->address = at;
                child->node = id;
                child->value = reference_text(id);
                return;
            }
        }
    }
    if (level.pointers >= bounds().pointer_depth || !may_descend(level)) return;
    Variable* child = add_child(v, child_name, "value");
    if (child == nullptr) return;
    child->type = type_name(dynamic ? &type : pointee_type);
    fill_child(&type, ObjectRef::in_memory(at), Level{level.depth + 1, level.pointers + 1}, *child);
    // gdb's mark of a dynamic type, as with "set print object on".
    if (dynamic && child->value.rfind("-> @node ", 0) != 0)
        child->value = "(" + child->type + ") " + child->value;
    if (child->node >= 0) link_to(child->node);
}

void Reader::fill_pointer(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                          const std::string& display_name) {
    std::uint64_t address = 0;
    const ValueStatus status = object.read(target(), 0, &address, sizeof address);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_hex(address);
    v.value += symbol_suffix(address);

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

std::string Reader::symbol_suffix(std::uint64_t address) const {
    // gdb's "0x4040 <counter>": which function or static object a pointer
    // leads into says more than its address. Only an address inside a sized
    // symbol counts; the nearest preceding one would name the wrong object.
    TypeLookup::Symbol symbol;
    if (address == 0 || types() == nullptr || !types()->symbol_at(address, symbol) ||
        !symbol.is_code_or_data || symbol.offset >= symbol.size)
        return {};
    std::string text = " <" + symbols::demangle(symbol.mangled.c_str());
    if (symbol.offset != 0) text += "+" + std::to_string(symbol.offset);
    return text + ">";
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
    v.address = address;
    if (address == 0) return set_absent(v, ValueStatus::unreadable);
    const std::string at_text = "@" + format_hex(address);
    if (level.depth > 0) {
        // Inside an object gdb prints a reference as its address alone; what
        // it refers to is then a child, read once like a pointer's target.
        v.value = at_text;
        follow_pointer(&referred, address, level, v, "*" + display_name);
        return;
    }
    // A variable that is a reference shows where its object lives and all of
    // it: gdb's "@0x7ffd...: 42".
    Dwarf_Die type = referred;
    std::uint64_t at = address;
    bool dynamic = false;
    if (is_class_tag(dwarf_tag(&referred_peeled))) {
        Dynamic found;
        if (dynamic_type(&referred_peeled, address, found)) {
            type = referred_peeled = found.type;
            at = found.address;
            dynamic = true;
            v.address = at;
        }
    }
    fill(&type, ObjectRef::in_memory(at), level, v, display_name);
    if (dynamic && v.value.rfind("-> @node ", 0) != 0)
        v.value = "(" + type_name(&type) + ") " + v.value;
    if (v.status == ValueStatus::ok || v.status == ValueStatus::truncated)
        v.value = at_text + ": " + v.value;
    if (v.node >= 0) link_to(v.node);
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

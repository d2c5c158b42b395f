#include "values/dwarf_types.hpp"

#include <dwarf.h>

namespace capsule::values {

namespace {

// Malformed DWARF can make base-class chains cyclic; real hierarchies are
// far shallower than this.
constexpr int max_base_nesting = 32;

bool attr_udata(Dwarf_Die* die, unsigned name, Dwarf_Word& out) {
    Dwarf_Attribute attr;
    return dwarf_attr_integrate(die, name, &attr) != nullptr && dwarf_formudata(&attr, &out) == 0;
}

bool is_pointer(Dwarf_Die* type) {
    Dwarf_Die peeled;
    return peel(type, peeled) && dwarf_tag(&peeled) == DW_TAG_pointer_type;
}

bool find_member_in(Dwarf_Die* aggregate, std::string_view name, std::uint64_t base_offset,
                    FoundMember& out, bool pointer_only, int nesting) {
    if (nesting > max_base_nesting) return false;
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    do {
        const int tag = dwarf_tag(&child);
        if (tag == DW_TAG_member) {
            const char* n = dwarf_diename(&child);
            if (n == nullptr) {
                // The members of an anonymous union or struct are the
                // enclosing one's (libc++'s string keeps its layouts in one).
                Dwarf_Die inner;
                std::uint64_t offset = 0;
                if (type_of(&child, inner) && peel(&inner, inner) &&
                    (dwarf_tag(&inner) == DW_TAG_union_type ||
                     dwarf_tag(&inner) == DW_TAG_structure_type) &&
                    member_offset(&child, offset) &&
                    find_member_in(&inner, name, base_offset + offset, out, pointer_only, nesting + 1))
                    return true;
                continue;
            }
            if (name != n || has_flag(&child, DW_AT_external)) continue;
            std::uint64_t offset = 0;
            if (!member_offset(&child, offset)) return false;
            out.die = child;
            out.has_type = type_of(&child, out.type);
            if (pointer_only && !(out.has_type && is_pointer(&out.type))) continue;
            out.offset = base_offset + offset;
            return true;
        }
        if (tag == DW_TAG_inheritance) {
            Dwarf_Die base;
            std::uint64_t offset = 0;
            if (!member_offset(&child, offset) || !type_of(&child, base) || !peel(&base, base))
                continue;
            if (find_member_in(&base, name, base_offset + offset, out, pointer_only, nesting + 1))
                return true;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

}  // namespace

bool type_of(Dwarf_Die* die, Dwarf_Die& out) {
    Dwarf_Attribute attr;
    if (die == nullptr || dwarf_attr_integrate(die, DW_AT_type, &attr) == nullptr) return false;
    return dwarf_formref_die(&attr, &out) != nullptr;
}

bool peel(Dwarf_Die* type, Dwarf_Die& out) {
    if (type == nullptr) return false;
    // dwarf_peel_type returns 1 when it ends on a qualifier without DW_AT_type:
    // "const void".
    return dwarf_peel_type(type, &out) == 0;
}

bool byte_size(Dwarf_Die* type, std::uint64_t& out) {
    Dwarf_Die peeled;
    if (!peel(type, peeled)) return false;
    Dwarf_Word size = 0;
    switch (dwarf_tag(&peeled)) {
    case DW_TAG_pointer_type:
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
    case DW_TAG_unspecified_type:
        out = attr_udata(&peeled, DW_AT_byte_size, size) ? size : 8;
        return true;
    case DW_TAG_ptr_to_member_type: {
        if (attr_udata(&peeled, DW_AT_byte_size, size)) {
            out = size;
            return true;
        }
        // A pointer to member function is {function pointer, this adjustment}.
        Dwarf_Die target;
        const bool function = type_of(&peeled, target) && peel(&target, target) &&
                              dwarf_tag(&target) == DW_TAG_subroutine_type;
        out = function ? 16 : 8;
        return true;
    }
    case DW_TAG_subroutine_type:
        return false;
    default:
        if (has_flag(&peeled, DW_AT_declaration)) return false;
        if (dwarf_aggregate_size(&peeled, &size) != 0) return false;
        out = size;
        return true;
    }
}

const char* name_of(Dwarf_Die* die) { return die == nullptr ? nullptr : dwarf_diename(die); }

bool is_class_tag(int tag) {
    return tag == DW_TAG_structure_type || tag == DW_TAG_class_type || tag == DW_TAG_union_type;
}

bool has_flag(Dwarf_Die* die, unsigned attribute) {
    Dwarf_Attribute attr;
    bool flag = false;
    return dwarf_attr_integrate(die, attribute, &attr) != nullptr &&
           dwarf_formflag(&attr, &flag) == 0 && flag;
}

bool member_offset(Dwarf_Die* member, std::uint64_t& out) {
    Dwarf_Attribute attr;
    if (dwarf_attr(member, DW_AT_data_member_location, &attr) == nullptr) {
        out = 0;  // union members, and the first member in some producers
        return true;
    }
    switch (dwarf_whatform(&attr)) {
    case DW_FORM_block:
    case DW_FORM_block1:
    case DW_FORM_block2:
    case DW_FORM_block4:
    case DW_FORM_exprloc: {
        Dwarf_Op* ops = nullptr;
        std::size_t count = 0;
        if (dwarf_getlocation(&attr, &ops, &count) != 0) return false;
        if (count == 1 && ops[0].atom == DW_OP_plus_uconst) {
            out = ops[0].number;
            return true;
        }
        return false;
    }
    default: {
        Dwarf_Word value = 0;
        if (dwarf_formudata(&attr, &value) != 0) return false;
        out = value;
        return true;
    }
    }
}

bool find_member(Dwarf_Die* aggregate, std::string_view name, FoundMember& out,
                 bool pointer_only) {
    return find_member_in(aggregate, name, 0, out, pointer_only, 0);
}

bool template_type_argument(Dwarf_Die* aggregate, int index, Dwarf_Die& out) {
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    int seen = 0;
    do {
        if (dwarf_tag(&child) != DW_TAG_template_type_parameter) continue;
        if (seen++ == index) return type_of(&child, out);
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

std::vector<std::uint64_t> array_dimensions(Dwarf_Die* array) {
    std::vector<std::uint64_t> dims;
    Dwarf_Die child;
    if (dwarf_child(array, &child) != 0) return dims;
    do {
        if (dwarf_tag(&child) != DW_TAG_subrange_type) continue;
        Dwarf_Word count = 0;
        if (attr_udata(&child, DW_AT_count, count)) {
            dims.push_back(count);
            continue;
        }
        Dwarf_Attribute upper_attr;
        Dwarf_Sword upper = 0;
        Dwarf_Word lower = 0;
        attr_udata(&child, DW_AT_lower_bound, lower);
        // A bound given as a DIE reference is a VLA's run-time length: unknown here.
        if (dwarf_attr(&child, DW_AT_upper_bound, &upper_attr) == nullptr ||
            dwarf_formsdata(&upper_attr, &upper) != 0 ||
            upper < static_cast<Dwarf_Sword>(lower)) {
            dims.push_back(0);
            continue;
        }
        dims.push_back(static_cast<std::uint64_t>(upper) - lower + 1);
    } while (dwarf_siblingof(&child, &child) == 0);
    return dims;
}

}  // namespace capsule::values

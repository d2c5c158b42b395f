// C declarator spelling, as gdb's whatis prints it. A type is spelled inside
// out: each pointer, array or function layer wraps the declarator built so
// far, so "pointer to array of 4 int" becomes "int (*)[4]".
#include <dwarf.h>

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

#include "values/dwarf_types.hpp"
#include "values/read_object.hpp"

namespace capsule::values {

namespace {

// Each layer recurses once; a cyclic type (malformed DWARF) stops here.
constexpr int max_layers = 64;

std::string joined(std::string specifier, const std::string& declarator) {
    if (declarator.empty()) return specifier;
    return specifier + " " + declarator;
}

// "*" followed by a qualifier needs a space ("* const"); by another
// declarator it does not ("**").
std::string prepend(std::string_view op, const std::string& declarator) {
    std::string out(op);
    if (!declarator.empty()) {
        if (std::isalpha(static_cast<unsigned char>(declarator[0]))) out += ' ';
        out += declarator;
    }
    return out;
}

bool binds_tighter_needed(const std::string& declarator) {
    return !declarator.empty() && (declarator[0] == '*' || declarator[0] == '&' ||
                                   declarator.find("::*") != std::string::npos);
}

std::string dimensions_text(const std::vector<std::uint64_t>& dims, std::size_t first) {
    std::string text;
    for (std::size_t i = first; i < dims.size(); ++i)
        text += dims[i] == 0 ? std::string("[]") : "[" + std::to_string(dims[i]) + "]";
    return text;
}

std::string spell(Dwarf_Die* type, const std::string& declarator, int layer);

std::string named(Dwarf_Die* type) {
    const int tag = dwarf_tag(type);
    const char* name = dwarf_diename(type);
    if (name == nullptr) {
        switch (tag) {
        case DW_TAG_union_type: return "union {...}";
        case DW_TAG_enumeration_type: return "enum {...}";
        case DW_TAG_unspecified_type: return "void";
        default: return "struct {...}";
        }
    }
    if (tag == DW_TAG_base_type) return canonical_base_name(name);
    if (tag == DW_TAG_unspecified_type) return name;
    return scope_prefix(type) + name;
}

std::string parameters(Dwarf_Die* function, int layer) {
    std::string text = "(";
    bool first = true;
    Dwarf_Die child;
    if (dwarf_child(function, &child) == 0) {
        do {
            const int tag = dwarf_tag(&child);
            // gdb shows a C++ function with "..." alone as "(void)".
            if (tag == DW_TAG_unspecified_parameters && !first) text += ", ...";
            if (tag != DW_TAG_formal_parameter) continue;
            if (!first) text += ", ";
            first = false;
            Dwarf_Die param_type;
            text += type_of(&child, param_type) ? spell(&param_type, "", layer + 1) : "void";
        } while (dwarf_siblingof(&child, &child) == 0);
    }
    if (first) text += "void";
    return text + ")";
}

std::string spell_target(Dwarf_Die* type, const std::string& declarator, int layer) {
    Dwarf_Die target;
    if (!type_of(type, target)) return joined("void", declarator);
    return spell(&target, declarator, layer + 1);
}

std::string spell(Dwarf_Die* type, const std::string& declarator, int layer) {
    if (layer > max_layers) return joined("?", declarator);
    const int tag = dwarf_tag(type);
    switch (tag) {
    case DW_TAG_pointer_type:
        return spell_target(type, prepend("*", declarator), layer);
    case DW_TAG_reference_type:
        return spell_target(type, prepend("&", declarator), layer);
    case DW_TAG_rvalue_reference_type:
        return spell_target(type, prepend("&&", declarator), layer);
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
    case DW_TAG_restrict_type:
    case DW_TAG_atomic_type: {
        const char* qualifier = tag == DW_TAG_const_type      ? "const"
                                : tag == DW_TAG_volatile_type ? "volatile"
                                : tag == DW_TAG_restrict_type ? "__restrict__"
                                                              : "_Atomic";
        Dwarf_Die target;
        if (!type_of(type, target)) return joined(std::string(qualifier) + " void", declarator);
        const int target_tag = dwarf_tag(&target);
        // A qualified pointer puts the qualifier after the '*': "char * const".
        if (target_tag == DW_TAG_pointer_type || target_tag == DW_TAG_reference_type ||
            target_tag == DW_TAG_rvalue_reference_type || target_tag == DW_TAG_ptr_to_member_type)
            return spell(&target, prepend(qualifier, declarator), layer + 1);
        return std::string(qualifier) + " " + spell(&target, declarator, layer + 1);
    }
    case DW_TAG_array_type: {
        std::string inner = binds_tighter_needed(declarator) ? "(" + declarator + ")" : declarator;
        return spell_target(type, inner + dimensions_text(array_dimensions(type), 0), layer);
    }
    case DW_TAG_subroutine_type: {
        std::string inner = declarator.empty() ? "" : "(" + declarator + ")";
        return spell_target(type, inner + parameters(type, layer), layer);
    }
    case DW_TAG_ptr_to_member_type: {
        Dwarf_Attribute attr;
        Dwarf_Die container;
        std::string owner = "?";
        if (dwarf_attr(type, DW_AT_containing_type, &attr) != nullptr &&
            dwarf_formref_die(&attr, &container) != nullptr)
            owner = spell(&container, "", layer + 1);
        return spell_target(type, prepend(owner + "::*", declarator), layer);
    }
    default:
        return joined(named(type), declarator);
    }
}

}  // namespace

std::string type_name(Dwarf_Die* type) {
    if (type == nullptr) return "void";
    return spell(type, "", 0);
}

std::string array_type_name(Dwarf_Die* array, std::size_t first_dimension) {
    const std::string dims = dimensions_text(array_dimensions(array), first_dimension);
    Dwarf_Die element;
    if (!type_of(array, element)) return joined("void", dims);
    return spell(&element, dims, 1);
}

std::string canonical_base_name(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> table{{
        {"long int", "long"},
        {"long unsigned int", "unsigned long"},
        {"short int", "short"},
        {"short unsigned int", "unsigned short"},
        {"long long int", "long long"},
        {"long long unsigned int", "unsigned long long"},
    }};
    for (const auto& [dwarf_name, gdb_name] : table)
        if (name == dwarf_name) return std::string(gdb_name);
    return std::string(name);
}

}  // namespace capsule::values

#include "codemap/signature.hpp"

#include <dwarf.h>

#include "symbols/symbols.hpp"
#include "values/read_object.hpp"

namespace capsule::codemap {

Dwarf_Die first_declaration(Dwarf_Die* function) {
    Dwarf_Die current = *function;
    // Chains are two links long in practice; the bound keeps a malformed
    // file that links a DIE to itself from looping.
    for (int hop = 0; hop < 8; ++hop) {
        Dwarf_Attribute attr;
        Dwarf_Die next;
        Dwarf_Attribute* link = dwarf_attr(&current, DW_AT_abstract_origin, &attr);
        if (!link) link = dwarf_attr(&current, DW_AT_specification, &attr);
        if (!link || !dwarf_formref_die(link, &next)) break;
        current = next;
    }
    return current;
}

std::string function_name(Dwarf_Die* function) {
    Dwarf_Attribute attr;
    const char* name = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_name, &attr));
    return name ? name : "";
}

std::string function_signature(Dwarf_Die* function, const std::string& scope_prefix) {
    Dwarf_Attribute attr;
    const char* linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_linkage_name, &attr));
    if (!linkage)
        linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_MIPS_linkage_name, &attr));
    if (linkage) return symbols::demangle(linkage);

    std::string out = scope_prefix + function_name(function) + "(";
    // The declaration lists the parameters even when a concrete instance
    // lost some to optimisation.
    Dwarf_Die declaration = first_declaration(function);
    Dwarf_Die child;
    bool first = true;
    if (dwarf_child(&declaration, &child) == 0) {
        do {
            const int tag = dwarf_tag(&child);
            if (tag == DW_TAG_unspecified_parameters) {
                out += first ? "..." : ", ...";
                first = false;
                continue;
            }
            if (tag != DW_TAG_formal_parameter) continue;
            bool artificial = false;
            Dwarf_Attribute flag;
            if (dwarf_attr(&child, DW_AT_artificial, &flag)) dwarf_formflag(&flag, &artificial);
            if (artificial) continue;  // `this`
            Dwarf_Die type;
            Dwarf_Attribute type_attr;
            const bool typed = dwarf_formref_die(dwarf_attr_integrate(&child, DW_AT_type, &type_attr), &type) != nullptr;
            out += (first ? "" : ", ") + values::type_name(typed ? &type : nullptr);
            first = false;
        } while (dwarf_siblingof(&child, &child) == 0);
    }
    return out + ")";
}

}  // namespace capsule::codemap

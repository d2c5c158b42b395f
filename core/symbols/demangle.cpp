#include <cxxabi.h>
#include <dwarf.h>

#include <cstdlib>
#include <memory>

#include "symbols/symbols.hpp"

namespace capsule::symbols {

std::string demangle(const char* mangled) {
    if (!mangled) return {};
    if (mangled[0] != '_' || mangled[1] != 'Z') return mangled;
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> out(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
    return status == 0 && out ? std::string(out.get()) : std::string(mangled);
}

namespace {

// The DIE that sits where the function was declared: a definition outside
// its class or namespace points back with DW_AT_specification, an inlined or
// concrete copy with DW_AT_abstract_origin.
Dwarf_Die declaration_of(Dwarf_Die* function) {
    Dwarf_Die die = *function;
    for (int hops = 0; hops < 8; ++hops) {
        Dwarf_Attribute attr;
        Dwarf_Die next;
        if (!dwarf_attr(&die, DW_AT_specification, &attr) &&
            !dwarf_attr(&die, DW_AT_abstract_origin, &attr))
            break;
        if (!dwarf_formref_die(&attr, &next)) break;
        die = next;
    }
    return die;
}

}  // namespace

// gdb's qualification for a function without a linkage name (GCC leaves it
// out for functions in an anonymous namespace): the namespaces and classes
// around its declaration, "(anonymous namespace)" for unnamed ones. Costs a
// walk of the compilation unit, paid only for such functions.
std::string enclosing_scope_prefix(Dwarf_Die* function) {
    Dwarf_Die declaration = declaration_of(function);
    Dwarf_Die* scopes = nullptr;
    const int n = dwarf_getscopes_die(&declaration, &scopes);
    std::unique_ptr<Dwarf_Die, decltype(&std::free)> owned(scopes, &std::free);
    std::string prefix;
    // scopes[0] is the declaration itself, scopes[n - 1] the compilation unit.
    for (int i = n - 2; i >= 1; --i) {
        const int tag = dwarf_tag(&scopes[i]);
        const char* name = dwarf_diename(&scopes[i]);
        if (tag == DW_TAG_namespace)
            prefix += name ? std::string(name) + "::" : std::string("(anonymous namespace)::");
        else if ((tag == DW_TAG_class_type || tag == DW_TAG_structure_type ||
                  tag == DW_TAG_union_type) && name)
            prefix += std::string(name) + "::";
    }
    return prefix;
}

std::string function_name(Dwarf_Die* function) {
    Dwarf_Attribute attr;
    const char* linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_linkage_name, &attr));
    if (!linkage)
        linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_MIPS_linkage_name, &attr));
    if (linkage) return demangle(linkage);
    const char* name = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_name, &attr));
    if (!name) return "";
    return enclosing_scope_prefix(function) + name;
}

}  // namespace capsule::symbols

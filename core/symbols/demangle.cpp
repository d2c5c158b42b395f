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

std::string function_name(Dwarf_Die* function) {
    Dwarf_Attribute attr;
    const char* linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_linkage_name, &attr));
    if (!linkage)
        linkage = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_MIPS_linkage_name, &attr));
    if (linkage) return demangle(linkage);
    const char* name = dwarf_formstring(dwarf_attr_integrate(function, DW_AT_name, &attr));
    return name ? name : "";
}

}  // namespace capsule::symbols

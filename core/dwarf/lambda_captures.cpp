// GCC describes each capture as an artificial variable of the call operator,
// which frame_variables lists with kind "capture". Clang only has the closure
// class's members, reached through `this`: they are read here as variables of
// their own, formatted the way gdb prints a variable, not a member (a captured
// reference shows its referent).
#include "dwarf/lambda_captures.hpp"

#include <dwarf.h>

#include <string_view>

#include "dwarf/location.hpp"

namespace capsule::dwarf {
namespace {

bool type_of(Dwarf_Die* die, Dwarf_Die& type) {
    Dwarf_Attribute attr;
    return dwarf_formref_die(dwarf_attr_integrate(die, DW_AT_type, &attr), &type) != nullptr;
}

const char* name_of(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

// How clang and GCC name a lambda's call operator when the closure type has
// no name: "f()::$_0::operator()", "f()::'lambda'(int)::operator()",
// "f()::{lambda(int)#1}::operator()". The closure must be the innermost
// class: a local class's member inside a lambda is not one.
bool lambda_operator_name(const std::string& function) {
    auto at = function.rfind("::operator()");
    if (at == std::string::npos) return false;
    const std::string_view closure(function.data(), at);
    if (closure.ends_with('}')) return closure.find("{lambda") != std::string_view::npos;
    if (closure.ends_with(')')) return closure.find("'lambda") != std::string_view::npos;
    auto digits = closure.find_last_not_of("0123456789");
    return digits != std::string_view::npos && digits + 1 < closure.size() && digits >= 1 &&
           closure.substr(digits - 1, 2) == "$_";
}

}  // namespace

bool lambda_closure(Dwarf_Die* param, const std::string& name, const std::string& function,
                    Dwarf_Die& closure) {
    if (name != "__closure" && name != "this") return false;
    Dwarf_Die type, peeled, pointee;
    if (!type_of(param, type) || dwarf_peel_type(&type, &peeled) != 0 ||
        dwarf_tag(&peeled) != DW_TAG_pointer_type || !type_of(&peeled, pointee) ||
        dwarf_peel_type(&pointee, &closure) != 0)
        return false;
    int tag = dwarf_tag(&closure);
    if (tag != DW_TAG_class_type && tag != DW_TAG_structure_type) return false;
    // GCC's `__closure` is a lambda's alone (its closure type has no name).
    if (name == "__closure") return true;
    if (const char* type_name = name_of(&closure))
        return std::string_view(type_name).rfind("<lambda", 0) == 0 ||
               std::string_view(type_name).rfind("(lambda", 0) == 0;
    return lambda_operator_name(function);
}

void read_captures(Dwarf_Die* closure, std::uint64_t address, values::ReadContext& read,
                   std::vector<Variable>& out) {
    Dwarf_Die member;
    if (address == 0 || dwarf_child(closure, &member) != 0) return;
    do {
        if (dwarf_tag(&member) != DW_TAG_member || read.budget.exhausted()) continue;
        const char* raw = name_of(&member);
        Dwarf_Attribute attr;
        Dwarf_Word offset = 0;
        Dwarf_Die type;
        // Captures are plain members at constant offsets; anything else is not one.
        if (!raw || !type_of(&member, type) ||
            dwarf_formudata(dwarf_attr(&member, DW_AT_data_member_location, &attr), &offset) != 0)
            continue;
        std::string name = raw;
        // GCC's member for capture `x` is `__x`.
        if (name.rfind("__", 0) == 0 && name.size() > 2) name.erase(0, 2);
        Variable v = values::read_object(&type, Location::memory(address + offset), read, name);
        v.name = name;
        v.kind = "capture";
        out.push_back(std::move(v));
    } while (dwarf_siblingof(&member, &member) == 0);
}

}  // namespace capsule::dwarf

// The chain of DIEs that contain a pc, innermost first. dwarf_getscopes does
// most of it, with two gaps filled here: past an inlined subroutine it goes on
// with the abstract definition's scopes instead of the caller's, and it never
// looks inside types, so a member function defined inside a class that is
// itself inside a function (GCC puts a lambda's operator() in the closure
// type, which sits in the enclosing function's DIE) is not found at all.
#include <dwarf.h>

#include <cstdlib>

#include "symbols/symbols.hpp"

namespace capsule::symbols {
namespace {

// Owns an array that libdw malloc'd.
struct MallocedDies {
    Dwarf_Die* dies = nullptr;
    ~MallocedDies() { std::free(dies); }
};

bool is_code_scope(int tag) {
    return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
           tag == DW_TAG_lexical_block || tag == DW_TAG_try_block || tag == DW_TAG_catch_block;
}

// DIEs whose children may hold a function definition nested in a type.
bool may_nest_functions(int tag) {
    return is_code_scope(tag) || tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
           tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
}

bool is_declaration(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    bool value = false;
    return dwarf_formflag(dwarf_attr(die, DW_AT_declaration, &attr), &value) == 0 && value;
}

// Depth-first search below `parent` for the innermost code scope holding pc.
// `chain` ends with the scopes found, outermost first. DWARF is untrusted: the
// depth is bounded.
bool find_nested(Dwarf_Die* parent, Dwarf_Addr pc, std::vector<Dwarf_Die>& chain, int depth) {
    if (depth > 64) return false;
    Dwarf_Die child;
    if (dwarf_child(parent, &child) != 0) return false;
    do {
        int tag = dwarf_tag(&child);
        if (!may_nest_functions(tag) || is_declaration(&child) || !dwarf_haschildren(&child)) {
            // A leaf scope can still be the one: a function without variables.
            if (is_code_scope(tag) && dwarf_haspc(&child, pc) > 0) {
                chain.push_back(child);
                return true;
            }
            continue;
        }
        if (is_code_scope(tag) && dwarf_haspc(&child, pc) > 0) {
            chain.push_back(child);
            find_nested(&child, pc, chain, depth + 1);
            return true;
        }
        // Not holding pc itself, but a type or function around a local class may.
        if (find_nested(&child, pc, chain, depth + 1)) return true;
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

bool has_function_scope(const Scopes& scopes) {
    for (const Dwarf_Die& die : scopes.dies) {
        int tag = dwarf_tag(const_cast<Dwarf_Die*>(&die));
        if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) return true;
    }
    return false;
}

}  // namespace

std::shared_ptr<Scopes> concrete_scopes(Dwarf_Die* cudie, Dwarf_Addr pc) {
    auto scopes = std::make_shared<Scopes>();
    MallocedDies found;
    int n = dwarf_getscopes(cudie, pc, &found.dies);
    for (int i = 0; i < n; ++i) scopes->dies.push_back(found.dies[i]);
    if (!has_function_scope(*scopes)) {
        // Only reached for code dwarf_getscopes cannot see (functions nested
        // in types): the full walk of the CU is not paid for ordinary frames.
        std::vector<Dwarf_Die> chain;
        if (find_nested(cudie, pc, chain, 0)) {
            scopes->dies.assign(chain.rbegin(), chain.rend());
            scopes->dies.push_back(*cudie);
        }
        return scopes;
    }
    // Past each inlined subroutine, replace what follows with the DIEs that
    // really contain it: the caller's blocks, up to its own function.
    for (std::size_t i = 0; i < scopes->dies.size(); ++i) {
        if (dwarf_tag(&scopes->dies[i]) != DW_TAG_inlined_subroutine) continue;
        MallocedDies outer;
        int m = dwarf_getscopes_die(&scopes->dies[i], &outer.dies);
        if (m <= 1) break;
        scopes->dies.resize(i + 1);
        for (int k = 1; k < m; ++k) scopes->dies.push_back(outer.dies[k]);
    }
    return scopes;
}

}  // namespace capsule::symbols

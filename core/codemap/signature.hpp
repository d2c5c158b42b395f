// How the code map names a function: the way a debugger prints it, with the
// parameter types, so that overloads stay apart.
#pragma once

#include <elfutils/libdw.h>

#include <string>

namespace capsule::codemap {

// Follows DW_AT_abstract_origin and DW_AT_specification (a concrete instance
// to its abstract one, a definition to its declaration) to the DIE that
// starts the chain: the function's first declaration.
Dwarf_Die first_declaration(Dwarf_Die* function);

// The demangled linkage name when there is one; otherwise (C functions,
// main, compilers that leave it out) `scope_prefix` + DW_AT_name + the
// parameter types: "main(int, char**)".
std::string function_signature(Dwarf_Die* function, const std::string& scope_prefix);

// DW_AT_name through the declaration chain; empty when there is none.
std::string function_name(Dwarf_Die* function);

}  // namespace capsule::codemap

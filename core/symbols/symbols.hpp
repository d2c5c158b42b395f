// From a physical frame's pc to the logical frames gdb would show: the
// function (DWARF first, symbol table for code without debug info), its
// source position, and one frame per inlined call, each with the slice of
// DWARF scopes whose variables belong to it.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "debuginfo/session.hpp"
#include "unwind/unwind.hpp"

namespace capsule::symbols {

struct ModuleInfo {
    std::string path;
    std::string build_id;  // hex
    bool system = false;   // a shared library of the OS, not the program's own code
};

// The DIEs that contain a pc, innermost first, following the concrete nesting
// through inlined calls (dwarf_getscopes alone continues with the abstract
// definition's scopes after an inlined subroutine, not with its caller).
struct Scopes {
    std::vector<Dwarf_Die> dies;
    int count() const { return static_cast<int>(dies.size()); }
};

// The scopes holding `pc` (CU-relative) in the CU `cudie`, ending with the CU.
std::shared_ptr<Scopes> concrete_scopes(Dwarf_Die* cudie, Dwarf_Addr pc);

struct LogicalFrame {
    Frame frame;  // pc, module, build_id, function, file, line, column, inlined
    // Variables of this logical frame live in scopes [scope_begin, scope_end);
    // scope_end - 1 is its DW_TAG_subprogram or DW_TAG_inlined_subroutine.
    int scope_begin = 0;
    int scope_end = 0;
};

struct Resolved {
    Dwfl_Module* module = nullptr;
    Dwarf_Addr bias = 0;
    Dwarf_Die cudie{};
    bool has_dwarf = false;
    std::shared_ptr<Scopes> scopes;
    std::vector<LogicalFrame> frames;  // innermost (possibly inlined) first

    // The DW_TAG_subprogram that owns the physical frame (frame base, call sites).
    Dwarf_Die* subprogram() const;
};

Resolved resolve(debuginfo::Session& session, const unwind::PhysicalFrame& frame,
                 bool system_lines);

ModuleInfo describe_module(Dwfl_Module* module);

std::string demangle(const char* mangled);
// gdb's name for a function DIE: the demangled linkage name, else DW_AT_name.
std::string function_name(Dwarf_Die* function);
// "ns::(anonymous namespace)::Class::" around a function's declaration.
std::string enclosing_scope_prefix(Dwarf_Die* function);

// The CU that holds `address` (module-relative), also for producers that emit
// no .debug_aranges (clang), where dwfl_module_addrdie finds nothing.
bool find_cu(Dwfl_Module* module, Dwarf_Addr address, Dwarf_Die& cudie, Dwarf_Addr& bias);

// A few source lines either side of `line`, empty when the file is unreadable.
std::vector<SourceLine> read_snippet(const std::string& file, int line, int context);

}  // namespace capsule::symbols

// A DWARF expression evaluator for what GCC and Clang emit at -O0 to -O2.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>

#include "dwarf/frame_env.hpp"
#include "dwarf/location.hpp"

namespace capsule::dwarf {

// Every evaluation has an operation budget: DWARF is untrusted input and a
// branch can loop.
inline constexpr int max_expression_ops = 10000;

// A location description: where the object's bytes are. `attr` is the
// attribute the ops came from (needed for implicit values and addrx).
Location evaluate_location(const Dwarf_Op* ops, std::size_t count, Dwarf_Attribute* attr,
                           const FrameEnv& env);

// A DWARF expression whose result is a value (frame base, CFA, call-site
// value): a register name yields the register's contents.
bool evaluate_value(const Dwarf_Op* ops, std::size_t count, Dwarf_Attribute* attr,
                    const FrameEnv& env, std::uint64_t& out, std::string& why);

// The location of a variable or parameter DIE at the frame's pc: location
// lists, DW_AT_const_value, or optimized out.
Location locate_variable(Dwarf_Die* variable, const FrameEnv& env);

// A parameter that is gone at this pc, as it was passed: its location at the
// function's entry, resolved through the caller's call site (gdb's p@entry).
// Only for a physical frame's own function, which is where the call went.
Location locate_parameter_at_entry(Dwarf_Die* parameter, Dwarf_Die* function, const FrameEnv& env);

// DW_OP_entry_value: the value `ops` had on entry to the frame's function,
// from the caller's DW_TAG_call_site_parameter.
bool resolve_entry_value(const Dwarf_Op* ops, std::size_t count, const FrameEnv& env,
                         std::uint64_t& out, std::string& why);

}  // namespace capsule::dwarf

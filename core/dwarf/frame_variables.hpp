// The parameters, locals, statics and lambda captures of one logical frame.
#pragma once

#include <vector>

#include "capsule/report.hpp"
#include "dwarf/frame_env.hpp"
#include "dwarf/location.hpp"
#include "symbols/symbols.hpp"
#include "values/read_object.hpp"

namespace capsule::dwarf {

// Scope rules: only variables whose block contains the pc, none declared
// further down the same block; an inner variable hides an outer one of the
// same name, which is still listed with status shadowed.
std::vector<Variable> read_frame_variables(const symbols::LogicalFrame& frame,
                                           const FrameEnv& env, values::ReadContext& read);

// DW_OP_implicit_pointer: a pointer that was optimized away while what it
// pointed to was not. Shown as a synthetic pointer with its pointee.
Variable read_implicit_pointer(Dwarf_Die* pointer_type, const Location& location,
                               const FrameEnv& env, values::ReadContext& read);

}  // namespace capsule::dwarf

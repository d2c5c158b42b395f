// A lambda's captures, for the frame of its call operator.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "values/read_object.hpp"

namespace capsule::dwarf {

// Whether `param` is the closure pointer of a lambda's call operator named
// `function` (GCC's `__closure`, clang's `this`); `closure` is then the
// closure's class DIE.
bool lambda_closure(Dwarf_Die* param, const std::string& name, const std::string& function,
                    Dwarf_Die& closure);

// Each member of `closure`, read at `address` as a variable of kind
// "capture" named as in the source, appended to `out`.
void read_captures(Dwarf_Die* closure, std::uint64_t address, values::ReadContext& read,
                   std::vector<Variable>& out);

}  // namespace capsule::dwarf

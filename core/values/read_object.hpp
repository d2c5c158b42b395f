// Turns located bytes plus a DWARF type into a value tree, the way gdb prints it.
#pragma once

#include <elfutils/libdw.h>

#include <string>

#include "capsule/options.hpp"
#include "capsule/report.hpp"
#include "dwarf/location.hpp"
#include "target/target.hpp"
#include "values/budget.hpp"

namespace capsule::graph {
class Builder;
}

namespace capsule::values {

class TypeLookup;

struct ReadContext {
    const target::Target& target;
    const Bounds& bounds;
    Budget& budget;
    // The capture's object graph, shared by every variable of every frame;
    // null when no graph is built.
    graph::Builder* graph = nullptr;
    // Symbols and types of the target's modules: dynamic types from vtables,
    // the targets of std::function and std::any. Null: static types only.
    TypeLookup* types = nullptr;
};

// Reads the object at `location`, of DWARF type `type` (may be null: void),
// into a Variable whose type, value, status, address and children are filled.
// The caller sets name and kind. Never throws, never faults: unreadable memory
// becomes ValueStatus::unreadable.
Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context);

// The same, with the name set: a followed pointer's child is then called
// "*name" (with the overload above it is just "*").
Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context,
                     const std::string& name);

// The C++ spelling of a DWARF type, e.g. "const std::vector<int> &".
std::string type_name(Dwarf_Die* type);

}  // namespace capsule::values

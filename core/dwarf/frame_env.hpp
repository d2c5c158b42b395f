// What a DWARF expression may ask about the physical frame it runs in.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <map>
#include <optional>
#include <string>

#include "symbols/symbols.hpp"
#include "target/target.hpp"
#include "unwind/unwind.hpp"

namespace capsule::dwarf {

struct FrameEnv {
    const target::Target* target = nullptr;
    const unwind::PhysicalFrame* frame = nullptr;
    const symbols::Resolved* resolved = nullptr;
    // The caller's frame, for DW_OP_entry_value; null for the outermost.
    const FrameEnv* caller = nullptr;

    // Filled on first use.
    mutable std::optional<std::uint64_t> cfa;
    mutable bool cfa_tried = false;
    mutable std::optional<std::uint64_t> frame_base;
    mutable bool frame_base_tried = false;
    // What each argument register held on entry, by DWARF register number, as
    // resolved through the caller (or why not). Entry values nest along a
    // recursion (depth - 1 of the caller's own entry value): remembering them
    // keeps a deep stack linear instead of quadratic.
    struct EntryValue {
        bool ok = false;
        std::uint64_t value = 0;
        std::string why;
    };
    mutable std::map<int, EntryValue> entry_values;

    Dwarf_Addr bias() const { return resolved ? resolved->bias : 0; }
    // The module-relative pc that location lists are keyed by.
    Dwarf_Addr dwarf_pc() const { return frame->lookup_pc() - bias(); }
};

// The canonical frame address from the module's CFI at this frame's pc.
std::optional<std::uint64_t> frame_cfa(const FrameEnv& env);
// DW_AT_frame_base of the frame's subprogram, evaluated.
std::optional<std::uint64_t> frame_base(const FrameEnv& env);

}  // namespace capsule::dwarf

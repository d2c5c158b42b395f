// What a DWARF expression may ask about the physical frame it runs in.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <optional>

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

    Dwarf_Addr bias() const { return resolved ? resolved->bias : 0; }
    // The module-relative pc that location lists are keyed by.
    Dwarf_Addr dwarf_pc() const { return frame->lookup_pc() - bias(); }
};

// The canonical frame address from the module's CFI at this frame's pc.
std::optional<std::uint64_t> frame_cfa(const FrameEnv& env);
// DW_AT_frame_base of the frame's subprogram, evaluated.
std::optional<std::uint64_t> frame_base(const FrameEnv& env);

}  // namespace capsule::dwarf

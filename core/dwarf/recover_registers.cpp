#include "dwarf/recover_registers.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

constexpr int callee_saved[] = {3, 6, 12, 13, 14, 15};

// The rule for `regno` in the CFI row of env's frame, applied: true with the
// caller's value, false when the rule leaves it undefined or unreadable.
bool unwind_register(Dwarf_CFI* cfi, Dwarf_Addr cfi_bias, const FrameEnv& env, int regno,
                     std::uint64_t& out) {
    if (!cfi) return false;
    Dwarf_Frame* row = nullptr;
    if (dwarf_cfi_addrframe(cfi, env.frame->lookup_pc() - cfi_bias, &row) != 0) return false;
    std::unique_ptr<Dwarf_Frame, decltype(&std::free)> owned(row, &std::free);
    Dwarf_Op ops_mem[3];
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_frame_register(row, regno, ops_mem, &ops, &count) != 0) return false;
    if (count == 0) {
        // Same value, or no rule at all, which libdw reports as undefined: the
        // x86-64 ABI makes an unmentioned callee-saved register "same value"
        // (gdb reads it so too). Nothing GCC or Clang emit marks one undefined
        // below main.
        return env.frame->registers.get(regno, out);
    }
    Location location = evaluate_location(ops, count, nullptr, env);
    if (location.status != ValueStatus::ok || location.pieces.size() != 1) return false;
    const Piece& piece = location.pieces[0];
    if (piece.kind == Piece::Kind::memory)
        return env.target && env.target->read(piece.address, &out, sizeof out);
    if (piece.kind == Piece::Kind::bytes && piece.bytes.size() >= sizeof out) {
        std::memcpy(&out, piece.bytes.data(), sizeof out);
        return true;
    }
    return false;
}

}  // namespace

void recover_callee_saved(std::vector<unwind::PhysicalFrame>& frames,
                          const std::vector<FrameEnv>& envs) {
    for (std::size_t i = 0; i + 1 < envs.size() && i + 1 < frames.size(); ++i) {
        const FrameEnv& inner = envs[i];
        // A signal frame's caller gets everything from the saved context, which
        // libdwfl reads itself.
        if (frames[i + 1].activation) continue;
        if (!inner.resolved || !inner.resolved->module) continue;
        for (int regno : callee_saved) {
            if (frames[i + 1].registers.known[regno]) continue;
            Dwarf_Addr bias = 0;
            std::uint64_t value = 0;
            Dwarf_CFI* cfi = dwfl_module_eh_cfi(inner.resolved->module, &bias);
            bool ok = unwind_register(cfi, bias, inner, regno, value);
            if (!ok) {
                cfi = dwfl_module_dwarf_cfi(inner.resolved->module, &bias);
                ok = unwind_register(cfi, bias, inner, regno, value);
            }
            if (ok) frames[i + 1].registers.set(regno, value);
        }
    }
}

}  // namespace capsule::dwarf

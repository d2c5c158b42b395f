#include "dwarf/frame_env.hpp"

#include <dwarf.h>

#include <cstdlib>
#include <string>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

std::optional<std::uint64_t> cfa_from(Dwarf_CFI* cfi, Dwarf_Addr cfi_bias, const FrameEnv& env) {
    if (!cfi) return std::nullopt;
    Dwarf_Frame* frame = nullptr;
    if (dwarf_cfi_addrframe(cfi, env.frame->lookup_pc() - cfi_bias, &frame) != 0) return std::nullopt;
    std::unique_ptr<Dwarf_Frame, decltype(&std::free)> owned(frame, &std::free);
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_frame_cfa(frame, &ops, &count) != 0 || count == 0) return std::nullopt;
    std::uint64_t value = 0;
    std::string why;
    // The CFA rule is a value expression over this frame's registers.
    if (!evaluate_value(ops, count, nullptr, env, value, why)) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::uint64_t> frame_cfa(const FrameEnv& env) {
    if (env.cfa_tried) return env.cfa;
    env.cfa_tried = true;
    if (!env.resolved || !env.resolved->module) return std::nullopt;
    Dwarf_Addr bias = 0;
    Dwarf_CFI* cfi = dwfl_module_eh_cfi(env.resolved->module, &bias);
    env.cfa = cfa_from(cfi, bias, env);
    if (!env.cfa) {
        cfi = dwfl_module_dwarf_cfi(env.resolved->module, &bias);
        env.cfa = cfa_from(cfi, bias, env);
    }
    return env.cfa;
}

std::optional<std::uint64_t> frame_base(const FrameEnv& env) {
    if (env.frame_base_tried) return env.frame_base;
    env.frame_base_tried = true;
    Dwarf_Die* function = env.resolved ? env.resolved->subprogram() : nullptr;
    if (!function) return std::nullopt;
    Dwarf_Attribute attr_mem;
    Dwarf_Attribute* attr = dwarf_attr_integrate(function, DW_AT_frame_base, &attr_mem);
    if (!attr) return std::nullopt;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_getlocation_addr(attr, env.dwarf_pc(), &ops, &count, 1) <= 0) return std::nullopt;
    std::uint64_t value = 0;
    std::string why;
    if (evaluate_value(ops, count, attr, env, value, why)) env.frame_base = value;
    return env.frame_base;
}

}  // namespace capsule::dwarf

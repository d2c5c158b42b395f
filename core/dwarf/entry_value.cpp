// DW_OP_entry_value: at -O2 a parameter's register is often reused after its
// last use, and GCC describes it as "what rdi held on entry". The caller knows:
// its DW_TAG_call_site for this return address lists, per argument register,
// an expression for the value it passed, valid in the caller's frame.
#include <dwarf.h>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

// Entry values may nest: a call-site value that is itself an entry value of
// the caller's caller, once per level of a recursion that passes `depth - 1`.
// Each level moves one frame out, so the chain ends at the outermost frame;
// the bound only caps the evaluator's own recursion on the C stack (about as
// deep as the default frame limit).
constexpr int max_nesting = 128;
thread_local int nesting = 0;
constexpr const char* nested_too_deep = "entry values nested too deep";

bool single_register(const Dwarf_Op* ops, std::size_t count, int& regno) {
    if (count != 1) return false;
    if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) {
        regno = ops[0].atom - DW_OP_reg0;
        return true;
    }
    if (ops[0].atom == DW_OP_regx) {
        regno = static_cast<int>(ops[0].number);
        return true;
    }
    return false;
}

bool call_site_return_pc(Dwarf_Die* site, Dwarf_Addr& pc) {
    Dwarf_Attribute attr;
    if (dwarf_formaddr(dwarf_attr(site, DW_AT_call_return_pc, &attr), &pc) == 0) return true;
    // GNU call sites (DWARF 4) give the return address as low_pc.
    return dwarf_formaddr(dwarf_attr(site, DW_AT_low_pc, &attr), &pc) == 0;
}

// The call-site DIE in the caller's scopes whose return address is the caller's pc.
bool find_call_site(const FrameEnv& caller, Dwarf_Die& site) {
    const symbols::Resolved* r = caller.resolved;
    if (!r || !r->scopes) return false;
    Dwarf_Addr want = caller.frame->pc - r->bias;
    for (int i = 0; i < r->scopes->count(); ++i) {
        Dwarf_Die child;
        if (dwarf_child(&r->scopes->dies[i], &child) != 0) continue;
        do {
            int tag = dwarf_tag(&child);
            if (tag != DW_TAG_call_site && tag != DW_TAG_GNU_call_site) continue;
            Dwarf_Addr pc = 0;
            if (call_site_return_pc(&child, pc) && pc == want) {
                site = child;
                return true;
            }
        } while (dwarf_siblingof(&child, &child) == 0);
        if (dwarf_tag(&r->scopes->dies[i]) == DW_TAG_subprogram) break;
    }
    return false;
}

// What register `regno` held on entry to the frame's function.
bool register_at_entry(int regno, const FrameEnv& env, std::uint64_t& out, std::string& why) {
    if (!env.caller || !env.caller->frame) {
        why = "entry value: no caller frame";
        return false;
    }
    // An inlined frame shares its physical frame: the entry value belongs to the
    // physical function, whose caller is the next physical frame.
    Dwarf_Die site;
    if (!find_call_site(*env.caller, site)) {
        why = "entry value: caller has no call-site information here";
        return false;
    }
    Dwarf_Die param;
    if (dwarf_child(&site, &param) != 0) {
        why = "entry value: call site lists no parameters";
        return false;
    }
    do {
        int tag = dwarf_tag(&param);
        if (tag != DW_TAG_call_site_parameter && tag != DW_TAG_GNU_call_site_parameter) continue;
        Dwarf_Attribute location;
        Dwarf_Op* loc_ops = nullptr;
        std::size_t loc_count = 0;
        int param_reg = -1;
        if (!dwarf_attr(&param, DW_AT_location, &location) ||
            dwarf_getlocation(&location, &loc_ops, &loc_count) != 0 ||
            !single_register(loc_ops, loc_count, param_reg) || param_reg != regno)
            continue;
        Dwarf_Attribute value_attr;
        if (!dwarf_attr(&param, DW_AT_call_value, &value_attr) &&
            !dwarf_attr(&param, DW_AT_GNU_call_site_value, &value_attr)) {
            why = "entry value: the caller did not record the argument";
            return false;
        }
        Dwarf_Op* value_ops = nullptr;
        std::size_t value_count = 0;
        if (dwarf_getlocation(&value_attr, &value_ops, &value_count) != 0) {
            why = "entry value: unreadable call-site value";
            return false;
        }
        ++nesting;
        bool ok = evaluate_value(value_ops, value_count, &value_attr, *env.caller, out, why);
        --nesting;
        if (!ok) why = "entry value: " + why;
        return ok;
    } while (dwarf_siblingof(&param, &param) == 0);
    why = "entry value: the caller did not record this argument";
    return false;
}

}  // namespace

bool resolve_entry_value(const Dwarf_Op* ops, std::size_t count, const FrameEnv& env,
                         std::uint64_t& out, std::string& why) {
    int regno = -1;
    if (!single_register(ops, count, regno)) {
        why = "entry value of a non-register expression";
        return false;
    }
    if (auto known = env.entry_values.find(regno); known != env.entry_values.end()) {
        out = known->second.value;
        why = known->second.why;
        return known->second.ok;
    }
    if (nesting >= max_nesting) {
        why = nested_too_deep;
        return false;
    }
    FrameEnv::EntryValue result;
    result.ok = register_at_entry(regno, env, result.value, result.why);
    // A failure for lack of budget is not remembered: from a frame further
    // out, with budget left, the same register may resolve.
    if (result.why.find(nested_too_deep) == std::string::npos) env.entry_values[regno] = result;
    out = result.value;
    why = result.why;
    return result.ok;
}

}  // namespace capsule::dwarf

#include "unwind/unwind.hpp"

namespace capsule::unwind {
namespace {

struct Walk {
    Stack* stack;
    int max_frames;
};

// x86-64 SysV: only rbx, rbp, rsp, r12-r15 and rip survive a call. libdwfl
// reports the others as known in outer frames, but with frame 0's contents.
constexpr bool callee_saved(int regno) {
    return regno == 3 || regno == 6 || regno == 7 || (regno >= 12 && regno <= 16);
}

int on_frame(Dwfl_Frame* state, void* arg) {
    auto* walk = static_cast<Walk*>(arg);
    // libdwfl frees the previous frame before calling back for the next one:
    // copy what we need now.
    PhysicalFrame frame;
    Dwarf_Addr pc = 0;
    bool activation = false;
    if (!dwfl_frame_pc(state, &pc, &activation)) return DWARF_CB_ABORT;
    frame.pc = pc;
    frame.activation = activation;
    bool inner = walk->stack->frames.empty();
    for (int regno = 0; regno < target::register_count; ++regno) {
        Dwarf_Word value = 0;
        if (dwfl_frame_reg(state, regno, &value) != 0) continue;
        if (!inner && !activation && !callee_saved(regno)) continue;
        frame.registers.set(regno, value);
    }
    frame.registers.set(target::reg_rip, pc);
    walk->stack->frames.push_back(frame);
    if (static_cast<int>(walk->stack->frames.size()) >= walk->max_frames) {
        walk->stack->truncated = true;
        return DWARF_CB_ABORT;
    }
    return DWARF_CB_OK;
}

}  // namespace

Stack unwind_thread(debuginfo::Session& session, pid_t tid, int max_frames) {
    Stack stack;
    Walk walk{&stack, max_frames};
    int rc = dwfl_getthread_frames(session.dwfl(), tid, on_frame, &walk);
    // The outermost frame ends the walk with an error too ("no matching
    // address range" past _start): only report one when nothing came back.
    if (rc != 0 && stack.frames.empty()) stack.error = debuginfo::libdw_error();
    return stack;
}

}  // namespace capsule::unwind

#include "unwind/unwind.hpp"

#include <cstdlib>

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

bool has_cfi(debuginfo::Session& session, std::uint64_t pc) {
    Dwfl_Module* module = session.module_at(pc);
    if (!module) return false;
    auto covers = [pc](Dwarf_CFI* cfi, Dwarf_Addr bias) {
        Dwarf_Frame* frame = nullptr;
        if (!cfi || dwarf_cfi_addrframe(cfi, pc - bias, &frame) != 0) return false;
        free(frame);
        return true;
    };
    // .eh_frame first: asking for .debug_frame loads the module's DWARF,
    // e.g. libc's whole compressed separate debug file (libc6-dbg), which
    // doubled the time of a crash capture.
    Dwarf_Addr bias = 0;
    if (covers(dwfl_module_eh_cfi(module, &bias), bias)) return true;
    return covers(dwfl_module_dwarf_cfi(module, &bias), bias);
}

// Whether the instruction that ends at `address` is a call: direct (e8
// rel32) or indirect through a register or memory (ff /2, with or without
// REX, ModRM displacements of 0, 1 or 4 bytes, with or without SIB).
bool follows_call(const target::Target& target, std::uint64_t address) {
    unsigned char code[8];
    if (address < sizeof code || !target.read(address - sizeof code, code, sizeof code))
        return false;
    auto at = [&](int back) { return code[sizeof code - back]; };
    if (at(5) == 0xe8) return true;
    for (int length : {2, 3, 4, 6, 7}) {
        if (at(length) == 0xff && (at(length - 1) & 0x38) == 0x10) return true;
    }
    return false;
}

// The registers of the frame that called a leaf that keeps its return
// address at [rsp] and moved nothing else.
class CallerOfLeaf final : public target::Target {
public:
    CallerOfLeaf(const target::Target& inner, pid_t tid, const target::Registers& caller)
        : inner_(inner), tid_(tid), caller_(caller) {}
    pid_t pid() const override { return inner_.pid(); }
    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        return inner_.read(address, out, size);
    }
    std::vector<target::ThreadInfo> threads() const override { return inner_.threads(); }
    bool registers(pid_t tid, target::Registers& out) const override {
        if (tid != tid_) return inner_.registers(tid, out);
        out = caller_;
        return true;
    }
    const char* path_name() const override { return inner_.path_name(); }

private:
    const target::Target& inner_;
    pid_t tid_;
    target::Registers caller_;
};

// glibc's clone and clone3 end their FDE before the syscall (in the child
// the unwind info would be wrong), so the thread that called pthread_create,
// caught still returning from clone3 while another thread crashed, has no
// CFI at its pc. libdwfl then follows rbp, which in optimized code goes
// nowhere, and in code with frame pointers skips the caller (a leaf pushes
// no rbp). Those routines are leaves that leave rsp alone in the parent:
// when frame 0 has no CFI and [rsp] holds an address right after a call,
// the walk goes on from that caller instead.
void continue_past_leaf_without_cfi(debuginfo::Session& session, pid_t tid, Stack& stack,
                                    int max_frames) {
    if (stack.frames.empty() || max_frames < 2 || !session.target()) return;
    const PhysicalFrame& leaf = stack.frames.front();
    std::uint64_t sp = 0;
    std::uint64_t return_address = 0;
    const target::Target& inner = *session.target();
    if (!leaf.registers.get(target::reg_rsp, sp) || has_cfi(session, leaf.pc) ||
        !inner.read(sp, &return_address, sizeof return_address) ||
        !session.module_at(return_address) || !follows_call(inner, return_address))
        return;
    target::Registers caller;
    for (int regno = 0; regno < target::register_count; ++regno) {
        std::uint64_t value = 0;
        if (callee_saved(regno) && leaf.registers.get(regno, value)) caller.set(regno, value);
    }
    caller.set(target::reg_rsp, sp + 8);
    caller.set(target::reg_rip, return_address);

    CallerOfLeaf view(inner, tid, caller);
    Stack rest;
    Walk walk{&rest, max_frames - 1};
    session.bind(&view);
    dwfl_getthread_frames(session.dwfl(), tid, on_frame, &walk);
    session.bind(&inner);
    if (rest.frames.empty()) return;
    stack.frames.resize(1);
    stack.error.clear();
    // libdwfl took the caller for an innermost frame: it is a return address.
    PhysicalFrame& first = rest.frames.front();
    first.activation = false;
    for (int regno = 0; regno < target::register_count; ++regno)
        if (!callee_saved(regno)) first.registers.known[regno] = false;
    stack.frames.insert(stack.frames.end(), rest.frames.begin(), rest.frames.end());
    stack.truncated = rest.truncated;
}

}  // namespace

Stack unwind_thread(debuginfo::Session& session, pid_t tid, int max_frames) {
    Stack stack;
    Walk walk{&stack, max_frames};
    int rc = dwfl_getthread_frames(session.dwfl(), tid, on_frame, &walk);
    // The outermost frame ends the walk with an error too ("no matching
    // address range" past _start): only report one when nothing came back.
    if (rc != 0 && stack.frames.empty()) stack.error = debuginfo::libdw_error();
    continue_past_leaf_without_cfi(session, tid, stack, max_frames);
    return stack;
}

}  // namespace capsule::unwind

// A thread's physical frames with the registers each one can vouch for.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "debuginfo/session.hpp"
#include "target/target.hpp"

namespace capsule::unwind {

struct PhysicalFrame {
    std::uint64_t pc = 0;
    // True for frame 0 and for frames interrupted by a signal: pc is the next
    // instruction to run. Otherwise pc is a return address and lookups use pc - 1.
    bool activation = false;
    target::Registers registers;

    std::uint64_t lookup_pc() const { return activation ? pc : pc - 1; }
};

struct Stack {
    std::vector<PhysicalFrame> frames;
    bool truncated = false;  // max_frames reached
    std::string error;       // why unwinding stopped early, if it did
};

// Unwinds `tid` of the session's bound target.
Stack unwind_thread(debuginfo::Session& session, pid_t tid, int max_frames);

}  // namespace capsule::unwind

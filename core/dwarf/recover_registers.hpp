// Callee-saved registers that libdwfl leaves unknown in outer frames.
#pragma once

#include <vector>

#include "dwarf/frame_env.hpp"

namespace capsule::dwarf {

// libdwfl (0.188) marks a callee-saved register unknown in the caller when the
// callee's CFI has no rule for it ("same value"), although the value is simply
// the callee's. At -O2 that hides most variables kept in rbx/rbp/r12-r15 in
// every frame but the innermost. Re-applies the CFI rules of each frame, inner
// to outer, for those registers only; `frames` are the ones `envs` point to.
void recover_callee_saved(std::vector<unwind::PhysicalFrame>& frames,
                          const std::vector<FrameEnv>& envs);

}  // namespace capsule::dwarf

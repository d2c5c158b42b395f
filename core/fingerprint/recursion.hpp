// Folding recursion out of a call stack, so that recursion depth (which
// depends on the input, not on the bug) does not change the fingerprint.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace capsule::fingerprint {

inline constexpr std::size_t max_cycle_length = 10;
inline constexpr std::size_t min_cycle_repeats = 3;

// `names` (top of the stack first) with every cycle of 1..max_cycle_length
// names repeated back to back at least min_cycle_repeats times kept once. The
// shortest cycle wins, so f,f,f,f is f and f,g,f,g,f,g is f,g.
std::vector<std::string> fold_recursion(const std::vector<std::string>& names);

}  // namespace capsule::fingerprint

// Bounds on what a capsule file may make a reader do. A capsule is often
// downloaded from CI, so every reader treats it as hostile input.
#pragma once

#include <cstdint>

namespace capsule::file {

// Nesting of Variable::children. The writer cuts deeper trees (marking the cut
// node truncated) so that everything it writes can be read back.
inline constexpr int max_value_depth = 200;

// Largest uncompressed zip entry a reader inflates.
inline constexpr std::uint64_t max_entry_bytes = 256ull << 20;
// Deflate can reach about 1000:1 on zeros; real capsule JSON stays far below
// 200:1. Tiny entries are exempt: they cannot do harm whatever their ratio.
inline constexpr std::uint64_t max_compression_ratio = 200;
inline constexpr std::uint64_t ratio_exempt_bytes = 1u << 20;

}  // namespace capsule::file

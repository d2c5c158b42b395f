// Bounds on what a capsule file may make a reader do. A capsule is often
// downloaded from CI, so every reader treats it as hostile input.
#pragma once

#include <cstddef>
#include <cstdint>

namespace capsule::file {

// Nesting of Variable::children. The writer cuts deeper trees (marking the cut
// node truncated) so that everything it writes can be read back.
inline constexpr int max_value_depth = 200;

// capsule.json's nesting, in JSON levels: a value tree at max_value_depth
// takes two per level (an object and its "children" array), below the dozen
// levels of report, threads, frames and vars.
inline constexpr int max_json_depth = 2 * max_value_depth + 32;

// Values in capsule.json, counted as containers, array elements and object
// members. The reader's memory grows with their number (100 to 300 bytes
// each, once parsed and once as a Report) far more than with the file's
// size: a value can take as little as two bytes of JSON. A capture stays far
// below this (20,000 value nodes by default, 128 frames a thread).
inline constexpr std::size_t max_json_values = 2'000'000;

// One string field (or map key). The writer cuts longer strings, so that
// everything it writes can be read back.
inline constexpr std::size_t max_string_field_bytes = 16u << 20;

// Largest uncompressed zip entry a reader inflates.
inline constexpr std::uint64_t max_entry_bytes = 256ull << 20;
// Deflate can reach about 1000:1 on zeros; real capsule JSON stays far below
// 200:1. Tiny entries are exempt: they cannot do harm whatever their ratio.
inline constexpr std::uint64_t max_compression_ratio = 200;
inline constexpr std::uint64_t ratio_exempt_bytes = 1u << 20;

}  // namespace capsule::file

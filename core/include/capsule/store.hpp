// Where a finished capsule goes. C++17.
#pragma once

#include <string>

#include "capsule/report.hpp"

namespace capsule {

// Writes `report` into the capsule repository `dir` (created if missing; see
// capsule/repository.hpp for the layout), appends its index line and points
// `latest` at it, and returns the file's path. Safe to call from many
// processes at once. Never overwrites: a name already taken gets a numeric
// suffix. Throws std::runtime_error when the capsule cannot be written or
// indexed; nothing is left behind then.
std::string store_capsule(const Report& report, const std::string& dir);

}  // namespace capsule

// Masking inside the value trees of frames: by name at any depth, by map key,
// and by how a value looks.
#pragma once

#include <vector>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

namespace capsule::mask {

void mask_variables(std::vector<Variable>& variables, const MaskRules& rules);

}  // namespace capsule::mask

// Masking the arguments a test binary was started with.
#pragma once

#include <string>
#include <vector>

#include "capsule/options.hpp"

namespace capsule::mask {

// `--password=x` and `password=x` keep the name and lose the value; `--token x`
// loses the next argument; secret-looking tokens anywhere are replaced. A path
// is never taken for a setting.
void mask_command_line(std::vector<std::string>& arguments, const MaskRules& rules);

}  // namespace capsule::mask

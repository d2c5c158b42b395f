// The person's view of a capsule: what failed, where, and the values of the
// variables there, the way `capsule show` prints it.
#pragma once

#include <ostream>

#include "capsule/report.hpp"
#include "render/color.hpp"

namespace capsule::cli {

void render_text(const Report& report, const Palette& palette, std::ostream& out);

}  // namespace capsule::cli

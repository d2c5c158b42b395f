// A frame's source lines, the frame's own line marked.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli::html {

// Nothing when there are no lines.
void render_source(std::string& out, const std::vector<SourceLine>& lines, int here);

}  // namespace capsule::cli::html

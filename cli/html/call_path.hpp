// A drawing of how the test got to the failure: the frames from the test body
// down to the failing frame, as boxes joined by arrows, each a link to its
// frame. Library frames in between are one grey box per run.
#pragma once

#include <string>

#include "capsule/report.hpp"
#include "html/focus.hpp"

namespace capsule::cli::html {

// Inline SVG markup; empty when the report has no frames.
std::string render_call_path(const Focus& focus);

}  // namespace capsule::cli::html

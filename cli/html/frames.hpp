// The threads and their frames, each frame a fold: the user's frames and the
// failing one open, library and framework frames closed and greyed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "html/focus.hpp"

namespace capsule::cli::html {

// The anchor of a frame, for links from the call path.
std::string frame_id(std::size_t thread_index, std::size_t frame_index);

// The focus thread first and open, then the others, folded.
void render_threads(std::string& out, const Report& report, const Focus& focus,
                    const std::vector<std::string>& assertion_names);

// "0x401a2b"
std::string hex(std::uint64_t value);

}  // namespace capsule::cli::html

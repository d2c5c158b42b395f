// Where a report's story is: the thread that failed, the frame where the
// failure shows, and the test body that led there.
#pragma once

#include <cstddef>
#include <optional>

#include "capsule/report.hpp"

namespace capsule::cli::html {

struct Focus {
    const Thread* thread = nullptr;  // null when the report holds no thread
    std::size_t thread_index = 0;
    std::optional<std::size_t> failing;  // frame index; empty when the thread has no frames
    // The outermost frame of the user's code on the way to `failing`, reached
    // through user and standard library frames only: the test body, or the
    // failing frame itself when nothing leads to it.
    std::optional<std::size_t> body;
};

Focus find_focus(const Report& report);

// __FILE__ may be relative where DWARF has the absolute path: a match on
// whole trailing path components counts.
bool same_source(const std::string& a, const std::string& b);

}  // namespace capsule::cli::html

// Where a capsule goes inside the repository and what its index line says:
// KIND/CAUSE/DATE/FINGERPRINT12/NAME.capsule, each directory name made safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "capsule/report.hpp"
#include "capsule/repository.hpp"

namespace capsule::store {

// One directory name from arbitrary text: only [A-Za-z0-9._+-], anything
// else (slashes, control bytes, spaces, "::") becomes '_', no leading '.' or
// '-' (so never "." or ".." nor an option), at most `max` bytes; `fallback`
// when nothing is left.
std::string path_component(std::string_view text, std::size_t max, const std::string& fallback);

// The exception type or the signal name; "" for an assertion.
std::string failure_cause(const Report& report);

// The innermost user frame of the failing (else the first) thread, "" when none.
std::string top_user_function(const Report& report);

// KIND/CAUSE/DATE/FINGERPRINT12 for `report`. DATE comes from report.time,
// or `fallback_time` when the report has none that parses.
std::string relative_directory(const Report& report, std::time_t fallback_time);

// The index line's fields for a capsule stored at `relative_path`.
IndexEntry make_entry(const Report& report, const std::string& relative_path, std::time_t fallback_time);

// A relative path with no "..", "." or empty component, no leading '/', no
// control bytes or backslashes: safe to join to the repository and act on.
bool safe_relative_path(std::string_view path);

}  // namespace capsule::store

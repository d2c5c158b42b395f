// `latest`: a relative symlink to the newest capsule, replaced by rename so
// that a reader sees the old target or the new one, never none.
#pragma once

#include <string>

namespace capsule::store {

inline constexpr const char* latest_link_name = "latest";

// With the repository lock held. Throws std::runtime_error.
void point_latest(const std::string& repository, const std::string& relative_path);
// Removes the link (nothing is left to point at).
void remove_latest(const std::string& repository);

// The link's target when it is a safe relative path to an existing regular
// file; "" otherwise.
std::string read_latest(const std::string& repository);

}  // namespace capsule::store

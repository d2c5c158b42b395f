// Index entries for a person and for a program: what list, latest, search
// and stats print per capsule.
#pragma once

#include <string>

#include "capsule/repository.hpp"
#include "render/json_out.hpp"

namespace capsule::cli {

// "2024-05-01T12:34:56.123Z" -> "2024-05-01 12:34:56" (UTC, to the second);
// other text is returned as it is.
std::string display_time(const std::string& time);

// The entry with its absolute-or-as-given path; `count` (capsules sharing
// its fingerprint) when it is not negative.
ojson entry_json(const IndexEntry& entry, const std::string& repository, long count = -1);

}  // namespace capsule::cli

// Capsules of the same failure: the index grouped by fingerprint.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "capsule/repository.hpp"

namespace capsule::cli {

// What makes two entries the same failure: their fingerprint. An entry
// without one (an older or damaged capsule) is a failure of its own.
std::string failure_key(const IndexEntry& entry);

// failure_key -> number of entries.
std::map<std::string, long> failure_counts(const std::vector<IndexEntry>& entries);

// Newest first (the index is in the order capsules were stored); with
// `one_per_failure`, only the newest entry of each failure. At most `limit`
// (0: all).
std::vector<const IndexEntry*> newest_first(const std::vector<IndexEntry>& entries, bool one_per_failure,
                                            std::size_t limit);

}  // namespace capsule::cli

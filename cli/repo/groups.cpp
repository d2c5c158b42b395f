#include "repo/groups.hpp"

#include <set>

namespace capsule::cli {

std::string failure_key(const IndexEntry& entry) {
    return entry.fingerprint.empty() ? "path:" + entry.path : entry.fingerprint;
}

std::map<std::string, long> failure_counts(const std::vector<IndexEntry>& entries) {
    std::map<std::string, long> counts;
    for (const IndexEntry& entry : entries) ++counts[failure_key(entry)];
    return counts;
}

std::vector<const IndexEntry*> newest_first(const std::vector<IndexEntry>& entries, bool one_per_failure,
                                            std::size_t limit) {
    std::vector<const IndexEntry*> out;
    std::set<std::string> seen;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        if (limit != 0 && out.size() >= limit) break;
        if (one_per_failure && !seen.insert(failure_key(*it)).second) continue;
        out.push_back(&*it);
    }
    return out;
}

}  // namespace capsule::cli

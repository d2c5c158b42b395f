// Leftovers of interrupted writes: the hidden files a writer killed mid-way
// leaves in the repository (a staged capsule or the temporary it was being
// written to, a `latest` or index replacement), and when one is safe to delete.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::store {

// The hidden name under which store_capsule stages a capsule: it starts with
// the writer's pid, so that its temporaries (which keep only the first 100
// bytes of the name) still say which process made them.
std::string staged_name(const std::string& capsule_name, unsigned counter);

// The pid a leftover's name records (".staged-PID-N", ".latest.PID.N"), or 0.
long writer_pid(std::string_view name);

// Whether `name` (at the repository's top when `top_level`) is a leftover of
// an interrupted write. Anything else (the user's own files) is never touched.
bool is_leftover(std::string_view name, bool top_level);

// Unmodified for this long, a leftover is never a live writer's file whatever
// its name says: writes take seconds, and a pid may have been reused.
inline constexpr std::time_t abandoned_after = 24 * 60 * 60;
// A leftover modified more recently than this is never deleted, even when its
// pid is dead here (the writer may live in another pid namespace).
inline constexpr std::time_t leftover_grace = 60;

// Leftovers old enough to delete, relative to `repository`, as of `now`.
// `locked`: the caller holds the repository lock, so the files written only
// under it (the index's and `latest`'s replacements) have no live writer.
std::vector<std::string> stale_leftovers(const std::string& repository, std::time_t now, bool locked);

}  // namespace capsule::store

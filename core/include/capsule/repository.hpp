// The crash repository: the directory the integrations store capsules into
// (store_capsule) and the capsule command reads. C++17.
//
// Layout, relative to the repository:
//   index       one JSON object per line, one line per capsule, in the order
//               they were stored; appended under a lock, so that concurrent
//               test processes lose no entry
//   index.lock  the lock writers and `clean` take
//   latest      symlink to the newest capsule
//   KIND/CAUSE/DATE/FINGERPRINT12/NAME.capsule
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

#include "capsule/config.hpp"

namespace capsule {

// One line of the index: what listing and searching need without opening a
// capsule.
struct IndexEntry {
    std::string time;         // the report's time, ISO 8601 UTC
    std::string kind;         // assertion | crash | exception | timeout | snapshot
    std::string test;         // full test name; empty outside a test
    std::string fingerprint;  // 64 hex digits, or empty
    std::string cause;        // exception type or signal name; empty for an assertion
    std::string function;     // innermost user frame of the failing thread
    std::string path;         // the capsule, relative to the repository
};

struct IndexContents {
    std::vector<IndexEntry> entries;  // in the order they were stored
    // Lines left out: torn (a writer still appending) or not an entry at all.
    std::size_t skipped_lines = 0;
};

// The repository a command uses when none is named: $CAPSULE_DIR, else ./capsules.
std::string default_repository();

// A missing repository or index reads as empty. Throws std::runtime_error
// when the index exists but cannot be read.
IndexContents read_index(const std::string& repository);

// `entry`'s file: repository joined with its relative path.
std::string entry_path(const std::string& repository, const IndexEntry& entry);

// The newest capsule's path: where `latest` points when that is a capsule of
// this repository, else the last entry of the index whose file exists; ""
// when there is none.
std::string latest_capsule(const std::string& repository);

// Seconds since the epoch of an ISO 8601 UTC time as capsules write it
// ("2024-05-01T12:34:56.123Z"); false when `text` is not one.
bool parse_capsule_time(const std::string& text, std::time_t& out);

struct CleanResult {
    std::vector<IndexEntry> removed;  // too old or beyond the count, deleted
    std::vector<IndexEntry> missing;  // listed, but the file was gone already
    std::vector<IndexEntry> kept;
    // Hidden files of writers killed mid-write (relative to the repository),
    // old enough that no live writer can be using them; deleted.
    std::vector<std::string> leftovers;
};

// Applies `retention` as of `now`: a capsule older than max_days days goes,
// and of the rest only the newest max_capsules stay (0: no limit). Under the
// repository lock it deletes those files and the directories they leave
// empty, rewrites the index atomically (dropping missing entries and damaged
// lines), points `latest` at the newest capsule kept, and deletes the
// leftovers of interrupted writes (a staged capsule whose writer died, or
// that nothing touched for a day). With `dry_run` it
// only reports. A missing repository is left missing. Throws
// std::runtime_error when the repository cannot be changed.
CleanResult clean_repository(const std::string& repository, const RunOptions::Retention& retention,
                             std::time_t now, bool dry_run);

}  // namespace capsule

// clean_repository: retention by age and by count, and the leftovers of
// interrupted writes. Runs under the lock that writers take, so no capsule is
// stored while the index is being replaced.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "capsule/repository.hpp"
#include "store/index.hpp"
#include "store/latest.hpp"
#include "store/lock.hpp"
#include "store/staged.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;

constexpr std::time_t seconds_per_day = 24 * 60 * 60;

struct Candidate {
    std::size_t order;  // position in the index
    std::time_t when;
};

// Removes the directories a deleted capsule leaves empty, up to (not
// including) the repository. A directory that still holds something stays.
void prune_directories(const fs::path& repository, const std::string& relative) {
    fs::path dir = fs::path(relative).parent_path();
    while (!dir.empty()) {
        if (::rmdir((repository / dir).c_str()) != 0) return;
        dir = dir.parent_path();
    }
}

// The leftovers of interrupted writes, found (and unless `dry_run`, deleted).
void sweep_leftovers(const std::string& repository, std::time_t now, bool dry_run, bool locked,
                     CleanResult& result) {
    const fs::path root(repository);
    result.leftovers = store::stale_leftovers(repository, now, locked);
    if (dry_run) return;
    for (const std::string& relative : result.leftovers) {
        const std::string path = (root / relative).string();
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            throw std::runtime_error("cannot remove " + path + ": " + std::strerror(errno));
        prune_directories(root, relative);
    }
}

}  // namespace

CleanResult clean_repository(const std::string& repository, const RunOptions::Retention& retention,
                             std::time_t now, bool dry_run) {
    CleanResult result;
    const fs::path root(repository);
    struct stat st;
    if (::stat((root / store::index_file_name).c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            // Nothing stored, unless the first writer was killed before its
            // index line: then its staged file may be there. No lock: a
            // missing repository stays missing.
            sweep_leftovers(repository, now, dry_run, false, result);
            return result;
        }
        throw std::runtime_error("cannot read " + (root / store::index_file_name).string() + ": " +
                                 std::strerror(errno));
    }
    // A dry run changes nothing, not even by creating the lock file.
    std::optional<store::RepositoryLock> lock;
    if (!dry_run) lock.emplace(repository);
    const IndexContents index = read_index(repository);

    std::vector<Candidate> present;
    enum class Fate { keep, remove, missing };
    std::vector<Fate> fate(index.entries.size(), Fate::keep);
    for (std::size_t i = 0; i < index.entries.size(); ++i) {
        const IndexEntry& entry = index.entries[i];
        struct stat file;
        if (::lstat(entry_path(repository, entry).c_str(), &file) != 0 || !S_ISREG(file.st_mode)) {
            fate[i] = Fate::missing;
            continue;
        }
        std::time_t when = file.st_mtime;  // a time the index does not give is the file's
        parse_capsule_time(entry.time, when);
        if (retention.max_days > 0 && now - when > static_cast<std::time_t>(retention.max_days) * seconds_per_day)
            fate[i] = Fate::remove;
        else
            present.push_back({i, when});
    }
    if (retention.max_capsules > 0 && present.size() > static_cast<std::size_t>(retention.max_capsules)) {
        // Newest first; among equal times the one stored later.
        std::stable_sort(present.begin(), present.end(), [](const Candidate& a, const Candidate& b) {
            return a.when != b.when ? a.when > b.when : a.order > b.order;
        });
        for (std::size_t k = static_cast<std::size_t>(retention.max_capsules); k < present.size(); ++k)
            fate[present[k].order] = Fate::remove;
    }

    for (std::size_t i = 0; i < index.entries.size(); ++i) {
        switch (fate[i]) {
            case Fate::keep: result.kept.push_back(index.entries[i]); break;
            case Fate::remove: result.removed.push_back(index.entries[i]); break;
            case Fate::missing: result.missing.push_back(index.entries[i]); break;
        }
    }
    // A dry run says what the real one would find once it holds the lock.
    sweep_leftovers(repository, now, dry_run, true, result);
    if (dry_run) return result;
    if (result.removed.empty() && result.missing.empty() && index.skipped_lines == 0) return result;

    // The index goes first: a reader never finds an entry whose file is
    // being deleted, and an interrupted clean leaves files nobody lists
    // rather than entries for files that are gone.
    store::rewrite_index(repository, result.kept);
    if (result.kept.empty()) store::remove_latest(repository);
    else store::point_latest(repository, result.kept.back().path);
    for (const IndexEntry& entry : result.removed) {
        const std::string path = entry_path(repository, entry);
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            throw std::runtime_error("cannot remove " + path + ": " + std::strerror(errno));
        prune_directories(root, entry.path);
    }
    return result;
}

}  // namespace capsule

// The repository's writer lock: flock(LOCK_EX) on index.lock. A file of its
// own, because `clean` replaces the index by rename, and a writer waiting on
// a lock of the old index would append to a file nobody reads any more.
#pragma once

#include <chrono>
#include <string>

namespace capsule::store {

inline constexpr const char* lock_file_name = "index.lock";

class RepositoryLock {
public:
    // Creates index.lock when missing and waits for the lock, at most
    // `patience`. Throws std::runtime_error when the file cannot be opened or
    // the lock not taken.
    explicit RepositoryLock(const std::string& repository,
                            std::chrono::milliseconds patience = std::chrono::seconds(30));
    ~RepositoryLock();
    RepositoryLock(const RepositoryLock&) = delete;
    RepositoryLock& operator=(const RepositoryLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace capsule::store

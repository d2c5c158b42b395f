#include "store/latest.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "store/layout.hpp"

namespace capsule::store {
namespace {

namespace fs = std::filesystem;

std::string link_path(const std::string& repository) {
    return (fs::path(repository) / latest_link_name).string();
}

// Unique among processes (pid) and threads (counter) writing the same
// repository; the lock is held, so only a crashed writer's leftover can clash.
std::string temporary_name(const std::string& repository) {
    static std::atomic<unsigned> counter{0};
    return (fs::path(repository) / (".latest." + std::to_string(::getpid()) + "." +
                                    std::to_string(counter.fetch_add(1))))
        .string();
}

}  // namespace

void point_latest(const std::string& repository, const std::string& relative_path) {
    const std::string target = link_path(repository);
    for (int attempt = 0;; ++attempt) {
        const std::string temp = temporary_name(repository);
        if (::symlink(relative_path.c_str(), temp.c_str()) != 0) {
            if (errno == EEXIST && attempt < 100) {
                ::unlink(temp.c_str());
                continue;
            }
            throw std::runtime_error("cannot create " + temp + ": " + std::strerror(errno));
        }
        if (::rename(temp.c_str(), target.c_str()) != 0) {
            const int error = errno;
            ::unlink(temp.c_str());
            throw std::runtime_error("cannot replace " + target + ": " + std::strerror(error));
        }
        return;
    }
}

void remove_latest(const std::string& repository) {
    const std::string target = link_path(repository);
    if (::unlink(target.c_str()) != 0 && errno != ENOENT)
        throw std::runtime_error("cannot remove " + target + ": " + std::strerror(errno));
}

std::string read_latest(const std::string& repository) {
    char buffer[4096];
    const ssize_t n = ::readlink(link_path(repository).c_str(), buffer, sizeof buffer);
    if (n <= 0 || n == static_cast<ssize_t>(sizeof buffer)) return {};
    const std::string relative(buffer, static_cast<std::size_t>(n));
    // The link may have been replaced by hand: only a path inside the
    // repository counts, and it must be a regular file.
    if (!safe_relative_path(relative)) return {};
    struct stat st;
    if (::lstat((fs::path(repository) / relative).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
    return relative;
}

}  // namespace capsule::store

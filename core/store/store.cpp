// store_capsule: the writer side of the repository. The capsule is written
// completely (write_capsule renames it into place) before its index line is
// appended, so every entry a reader finds names a whole file.
#include "capsule/store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "capsule/file.hpp"
#include "store/index.hpp"
#include "store/latest.hpp"
#include "store/layout.hpp"
#include "store/lock.hpp"

namespace capsule {

namespace {

namespace fs = std::filesystem;

enum class Claim { taken, exists, no_directory };

// Claims `path` by creating it exclusively, so two processes writing capsules
// of the same second and test never overwrite each other.
Claim claim(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) return Claim::exists;
        if (errno == ENOENT) return Claim::no_directory;
        throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    }
    ::close(fd);
    return Claim::taken;
}

void make_directories(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
}

// A free name in `dir` (relative to the repository), claimed. `capsule clean`
// removes directories it empties, possibly between our mkdir and our claim:
// the directory is then made again.
std::string claim_name(const fs::path& repository, const std::string& dir, const std::string& name) {
    const std::string suffix = ".capsule";
    const bool has_suffix =
        name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    const std::string stem = has_suffix ? name.substr(0, name.size() - suffix.size()) : name;
    int missing_directory = 0;
    make_directories(repository / dir);
    for (int attempt = 0; attempt < 1000;) {
        const std::string relative =
            dir + "/" + (attempt == 0 ? stem : stem + "-" + std::to_string(attempt)) + suffix;
        switch (claim((repository / relative).string())) {
            case Claim::taken: return relative;
            case Claim::exists: ++attempt; break;
            case Claim::no_directory:
                if (++missing_directory > 10)
                    throw std::runtime_error("directory " + (repository / dir).string() + " keeps vanishing");
                make_directories(repository / dir);
                break;
        }
    }
    throw std::runtime_error("no free capsule file name in " + (repository / dir).string() + " for " + name);
}

}  // namespace

std::string store_capsule(const Report& report, const std::string& dir) {
    const fs::path repository(dir);
    make_directories(repository);
    const std::time_t now = std::time(nullptr);

    const std::string relative =
        claim_name(repository, store::relative_directory(report, now), suggested_file_name(report));
    const std::string path = (repository / relative).string();
    try {
        write_capsule(report, path);
        const IndexEntry entry = store::make_entry(report, relative, now);
        store::RepositoryLock lock(dir);
        store::append_entry(dir, entry);
        // The index line is the commit: from here on the capsule stays. Under
        // the lock, so that `latest` and the index's last line agree; a
        // failure only costs the shortcut, readers fall back to the index.
        try {
            store::point_latest(dir, relative);
        } catch (const std::exception&) {
        }
    } catch (...) {
        // Without its index line a capsule is invisible to every reader, and
        // the caller is told it was not written: leave nothing behind.
        ::unlink(path.c_str());
        throw;
    }
    return path;
}

}  // namespace capsule

// store_capsule: the writer side of the repository. The capsule is written
// completely under a hidden name and linked to its visible name before its
// index line is appended, so every entry a reader finds, and every visible
// file, is a whole capsule.
#include "capsule/store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "capsule/file.hpp"
#include "file/file_size_signal.hpp"
#include "store/index.hpp"
#include "store/latest.hpp"
#include "store/layout.hpp"
#include "store/lock.hpp"
#include "store/staged.hpp"

namespace capsule {

namespace {

namespace fs = std::filesystem;

void make_directories(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
}

// The capsule, complete, under a hidden name of this process in `dir`;
// write_capsule itself goes through a temporary file and a rename.
std::string stage(const Report& report, const fs::path& repository, const std::string& dir,
                  const std::string& name) {
    static std::atomic<unsigned> counter{0};
    const std::string hidden = store::staged_name(name, counter.fetch_add(1));
    make_directories(repository / dir);
    const std::string path = (repository / dir / hidden).string();
    write_capsule(report, path);
    return path;
}

// Publishes the staged file under a free visible name in `dir` (relative to
// the repository). link(2) never replaces an existing name, so two processes
// storing capsules of the same second and test cannot overwrite each other,
// and a visible name only ever appears with the whole capsule behind it: a
// process killed at any point leaves no partial capsule, at most a hidden
// staged file, which `capsule clean` removes once its writer is gone.
// `capsule clean` removes directories it empties, possibly between the
// staging and the link: the directory is then made again.
std::string publish(const std::string& staged, const fs::path& repository, const std::string& dir,
                    const std::string& name) {
    const std::string suffix = ".capsule";
    const bool has_suffix =
        name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    const std::string stem = has_suffix ? name.substr(0, name.size() - suffix.size()) : name;
    int missing_directory = 0;
    for (int attempt = 0; attempt < 1000;) {
        const std::string relative =
            dir + "/" + (attempt == 0 ? stem : stem + "-" + std::to_string(attempt)) + suffix;
        if (::link(staged.c_str(), (repository / relative).c_str()) == 0) return relative;
        if (errno == EEXIST) {
            ++attempt;
        } else if (errno == ENOENT && ++missing_directory <= 10) {
            make_directories(repository / dir);
        } else {
            throw std::runtime_error("cannot create " + (repository / relative).string() + ": " +
                                     std::strerror(errno));
        }
    }
    throw std::runtime_error("no free capsule file name in " + (repository / dir).string() + " for " + name);
}

}  // namespace

std::string store_capsule(const Report& report, const std::string& dir) {
    const fs::path repository(dir);
    make_directories(repository);
    const std::time_t now = std::time(nullptr);

    // A file-size limit must fail the write (EFBIG), not kill the test run.
    file::HoldFileSizeSignal hold_sigxfsz;
    const std::string dir_name = store::relative_directory(report, now);
    const std::string name = suggested_file_name(report);
    const std::string staged = stage(report, repository, dir_name, name);
    std::string relative;
    try {
        relative = publish(staged, repository, dir_name, name);
    } catch (...) {
        ::unlink(staged.c_str());
        throw;
    }
    ::unlink(staged.c_str());
    const std::string path = (repository / relative).string();
    try {
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

#include "file/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "file/file_size_signal.hpp"
#include "file/one_line.hpp"

namespace capsule::file {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, int error) {
    throw std::runtime_error(one_line("cannot write " + path + ": " + std::strerror(error)));
}

// The process umask, without the race of umask(2) (which sets it to read it).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            try {
                return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
            } catch (const std::exception&) {
                break;
            }
        }
    }
    return 022;
}

// The temporary file: closed and removed unless committed.
class TempFile {
public:
    TempFile(std::string name, int fd) : name_(std::move(name)), fd_(fd) {}
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(name_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return fd_; }
    const std::string& name() const { return name_; }
    // close(2) can report a delayed write error (NFS, quota): it is checked.
    int close() {
        int result = ::close(fd_);
        fd_ = -1;
        return result;
    }
    void commit() { committed_ = true; }

private:
    std::string name_;
    int fd_;
    bool committed_ = false;
};

void write_all(int fd, std::string_view data, const std::string& path) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(path, errno);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

void sync_directory(const fs::path& dir) {
    // Makes the rename itself durable. Best effort: the new file is already
    // complete and in place, and some file systems refuse fsync on directories.
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view contents) {
    // Past a file-size limit: EFBIG and a message, not SIGXFSZ ending the run.
    HoldFileSizeSignal hold_sigxfsz;
    const fs::path target(path);
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error(
            one_line("cannot write " + path + ": cannot create " + dir.string() + ": " + ec.message()));

    // Hidden, unique, and short enough for NAME_MAX whatever the target's name.
    std::string base = target.filename().string().substr(0, 100);
    std::string pattern = (dir / ("." + base + ".XXXXXX")).string();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) fail(path, errno);
    TempFile temp(pattern, fd);

    // mkstemp creates 0600; a capsule gets the permissions of any new file.
    if (::fchmod(temp.fd(), 0666 & ~current_umask()) != 0) fail(path, errno);
    write_all(temp.fd(), contents, path);
    if (::fsync(temp.fd()) != 0) fail(path, errno);
    if (temp.close() != 0) fail(path, errno);
    if (::rename(temp.name().c_str(), path.c_str()) != 0) fail(path, errno);
    temp.commit();
    sync_directory(dir);
}

}  // namespace capsule::file

#include "store/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace capsule::store {

RepositoryLock::RepositoryLock(const std::string& repository, std::chrono::milliseconds patience) {
    const std::string path = (std::filesystem::path(repository) / lock_file_name).string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    // Polled with a deadline rather than waited for: a holder that hangs (a
    // process stopped in a debugger, a crash handler interrupted while
    // appending) must cost a capsule, not hang every test process after it.
    const auto deadline = std::chrono::steady_clock::now() + patience;
    auto pause = std::chrono::microseconds(200);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EINTR) continue;
        if (error != EWOULDBLOCK || std::chrono::steady_clock::now() > deadline) {
            ::close(fd_);
            fd_ = -1;
            throw std::runtime_error("cannot lock " + path + ": " +
                                     (error == EWOULDBLOCK ? "held by another process for " + std::to_string(patience.count()) + " ms"
                                                           : std::strerror(error)));
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
}

RepositoryLock::~RepositoryLock() {
    // Closing the last descriptor releases the flock.
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace capsule::store

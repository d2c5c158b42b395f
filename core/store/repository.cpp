// The reader side of the repository: index, latest, and what time a capsule has.
#include "capsule/repository.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "store/index.hpp"
#include "store/latest.hpp"

namespace capsule {

namespace fs = std::filesystem;

std::string default_repository() {
    if (const char* dir = std::getenv("CAPSULE_DIR"); dir && *dir) return dir;
    return "capsules";
}

IndexContents read_index(const std::string& repository) {
    const std::string path = (fs::path(repository) / store::index_file_name).string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return {};
        throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    }
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw std::runtime_error("cannot read " + path + ": " + std::strerror(error));
        }
        break;
    }
    ::close(fd);
    return store::parse_index(text);
}

std::string entry_path(const std::string& repository, const IndexEntry& entry) {
    return (fs::path(repository) / entry.path).string();
}

std::string latest_capsule(const std::string& repository) {
    if (std::string relative = store::read_latest(repository); !relative.empty())
        return (fs::path(repository) / relative).string();
    const IndexContents index = read_index(repository);
    for (auto it = index.entries.rbegin(); it != index.entries.rend(); ++it) {
        const std::string path = entry_path(repository, *it);
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return path;
    }
    return {};
}

bool parse_capsule_time(const std::string& text, std::time_t& out) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &second, &used) != 6 ||
        used != 19)
        return false;
    // The rest: optional fraction, then Z (capsules are written in UTC).
    std::size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
    if (at + 1 != text.size() || text[at] != 'Z') return false;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    std::tm utc{};
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    out = timegm(&utc);
    return true;
}

}  // namespace capsule

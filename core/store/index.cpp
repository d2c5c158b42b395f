#include "store/index.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "file/atomic_file.hpp"
#include "store/layout.hpp"

namespace capsule::store {
namespace {

using ojson = nlohmann::ordered_json;

std::string index_path(const std::string& repository) {
    return (std::filesystem::path(repository) / index_file_name).string();
}

// A descriptor closed on every path out.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

bool string_member(const ojson& object, const char* key, std::string& out, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) return !required;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

}  // namespace

std::string encode_entry(const IndexEntry& entry) {
    ojson j;
    j["time"] = entry.time;
    j["kind"] = entry.kind;
    j["test"] = entry.test;
    j["fingerprint"] = entry.fingerprint;
    j["cause"] = entry.cause;
    j["function"] = entry.function;
    j["path"] = entry.path;
    // Invalid UTF-8 in a test name must not cost the capsule its index line.
    return j.dump(-1, ' ', false, ojson::error_handler_t::replace) + "\n";
}

bool decode_entry(std::string_view line, IndexEntry& out) {
    const ojson j = ojson::parse(line.begin(), line.end(), nullptr, false);
    if (!j.is_object()) return false;
    IndexEntry entry;
    if (!string_member(j, "time", entry.time, false) || !string_member(j, "kind", entry.kind, false) ||
        !string_member(j, "test", entry.test, false) ||
        !string_member(j, "fingerprint", entry.fingerprint, false) ||
        !string_member(j, "cause", entry.cause, false) ||
        !string_member(j, "function", entry.function, false) ||
        !string_member(j, "path", entry.path, true))
        return false;
    if (!safe_relative_path(entry.path)) return false;
    out = std::move(entry);
    return true;
}

IndexContents parse_index(std::string_view text) {
    IndexContents contents;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            // No newline yet: a writer is in the middle of its append.
            ++contents.skipped_lines;
            break;
        }
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty()) continue;
        IndexEntry entry;
        if (decode_entry(line, entry)) contents.entries.push_back(std::move(entry));
        else ++contents.skipped_lines;
    }
    return contents;
}

void append_entry(const std::string& repository, const IndexEntry& entry) {
    const std::string path = index_path(repository);
    Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    // A line left torn by a writer that died or hit a full disk would swallow
    // this one: start on a line of our own.
    std::string line;
    struct stat st;
    if (::fstat(fd.get(), &st) == 0 && st.st_size > 0) {
        const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (reader >= 0) {
            Fd guard(reader);
            char last = '\n';
            if (::pread(reader, &last, 1, st.st_size - 1) == 1 && last != '\n') line += '\n';
        }
    }
    line += encode_entry(entry);
    for (;;) {
        const ssize_t n = ::write(fd.get(), line.data(), line.size());
        if (n == static_cast<ssize_t>(line.size())) return;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot append to " + path + ": " + std::strerror(errno));
        // A short write (a full disk): the rest would land as a line of its
        // own, so the part written stays a torn line that readers skip.
        throw std::runtime_error("cannot append to " + path + ": short write");
    }
}

void rewrite_index(const std::string& repository, const std::vector<IndexEntry>& entries) {
    std::string text;
    for (const IndexEntry& entry : entries) text += encode_entry(entry);
    file::write_file_atomically(index_path(repository), text);
}

}  // namespace capsule::store

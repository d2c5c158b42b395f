#include "store/staged.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <filesystem>

#include "store/index.hpp"
#include "store/latest.hpp"

namespace capsule::store {
namespace {

namespace fs = std::filesystem;

// Capsules sit at KIND/CAUSE/DATE/FINGERPRINT12/NAME.capsule.
constexpr int capsule_depth = 4;

bool starts_with(std::string_view s, std::string_view head) { return s.substr(0, head.size()) == head; }

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The digits at the start of `s`, as a pid; 0 when there are none or they
// cannot be a pid (0 and negative pids would make kill(2) signal a group).
long leading_pid(std::string_view s, std::size_t& used) {
    used = 0;
    long pid = 0;
    while (used < s.size() && s[used] >= '0' && s[used] <= '9' && used < 10) {
        pid = pid * 10 + (s[used] - '0');
        ++used;
    }
    if (used == 0 || (used < s.size() && s[used] >= '0' && s[used] <= '9') || pid <= 0 || pid > INT_MAX) return 0;
    return pid;
}

// mkstemp's suffix: "." and six characters of [A-Za-z0-9].
bool has_temp_suffix(std::string_view name) {
    if (name.size() < 8 || name[name.size() - 7] != '.') return false;
    for (char c : name.substr(name.size() - 6))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool process_alive(long pid) {
    // EPERM: it exists, under another user.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// A leftover written only under the repository lock.
bool written_under_lock(std::string_view name) {
    return starts_with(name, ".latest.") || starts_with(name, std::string(".") + index_file_name + ".");
}

bool stale(const std::string& path, std::string_view name, std::time_t now, bool locked) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) return false;
    const std::time_t idle = now - st.st_mtime;
    if (idle < leftover_grace) return false;
    if (locked && written_under_lock(name)) return true;
    if (const long pid = writer_pid(name); pid != 0 && !process_alive(pid)) return true;
    return idle >= abandoned_after;
}

}  // namespace

std::string staged_name(const std::string& capsule_name, unsigned counter) {
    // ".part": a staged file never looks like a capsule to anything listing *.capsule.
    return ".staged-" + std::to_string(::getpid()) + "-" + std::to_string(counter) + "-" +
           capsule_name.substr(0, 100) + ".part";
}

long writer_pid(std::string_view name) {
    std::size_t used = 0;
    // ".staged-PID-N-NAME.part" and its temporary "..staged-PID-N-...".
    for (std::string_view head : {".staged-", "..staged-"}) {
        if (!starts_with(name, head)) continue;
        const long pid = leading_pid(name.substr(head.size()), used);
        if (pid != 0 && head.size() + used < name.size() && name[head.size() + used] == '-') return pid;
    }
    // Earlier versions: ".NAME.staged-PID-N" and its temporary ".<that>.XXXXXX".
    if (const std::size_t at = name.rfind(".staged-"); at != std::string_view::npos && at > 0) {
        const long pid = leading_pid(name.substr(at + 8), used);
        const std::string_view rest = name.substr(at + 8 + used);
        if (pid != 0 && rest.size() >= 2 && rest[0] == '-') {
            const std::size_t end = rest.find('.');
            if (all_digits(rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1)))
                return pid;
        }
    }
    // point_latest's ".latest.PID.N".
    if (starts_with(name, ".latest.")) {
        const long pid = leading_pid(name.substr(8), used);
        if (pid != 0 && 8 + used < name.size() && name[8 + used] == '.' && all_digits(name.substr(9 + used)))
            return pid;
    }
    return 0;
}

bool is_leftover(std::string_view name, bool top_level) {
    if (top_level) {
        // write_file_atomically's ".index.XXXXXX", point_latest's ".latest.PID.N".
        return (starts_with(name, ".index.") && name.size() == 13 && has_temp_suffix(name)) ||
               (starts_with(name, ".latest.") && writer_pid(name) != 0);
    }
    if (name.size() < 2 || name[0] != '.') return false;
    if (writer_pid(name) != 0) return true;
    // The temporary of a staged file whose name was cut before its pid
    // (earlier versions put the pid last): "." + hidden name + ".XXXXXX".
    return name[1] == '.' && has_temp_suffix(name);
}

std::vector<std::string> stale_leftovers(const std::string& repository, std::time_t now, bool locked) {
    std::vector<std::string> out;
    const fs::path root(repository);
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const int depth = it.depth();  // 0: a name directly in the repository
        std::error_code type_ec;
        if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
            if (depth >= capsule_depth) it.disable_recursion_pending();
            continue;
        }
        const std::string name = it->path().filename().string();
        if (depth != 0 && depth != capsule_depth) continue;
        if (!is_leftover(name, depth == 0)) continue;
        if (stale(it->path().string(), name, now, locked))
            out.push_back(it->path().lexically_relative(root).string());
    }
    return out;
}

}  // namespace capsule::store

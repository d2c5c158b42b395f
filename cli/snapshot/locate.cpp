#include "snapshot/locate.hpp"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace capsule::cli {
namespace {

#ifdef CAPSULE_PRELOAD_BUILT
constexpr const char* built_preload = CAPSULE_PRELOAD_BUILT;
#else
constexpr const char* built_preload = "";
#endif
#ifdef CAPSULE_HELPER_BUILT
constexpr const char* built_helper = CAPSULE_HELPER_BUILT;
#else
constexpr const char* built_helper = "";
#endif

bool regular_file(const std::string& path, int mode) {
    struct stat st;
    return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), mode) == 0;
}

std::string own_directory() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return {};
    const std::string path(buffer, static_cast<std::size_t>(n));
    return path.substr(0, path.rfind('/'));
}

std::string find(const char* variable, const std::string& name, const char* built, int mode) {
    if (const char* named = std::getenv(variable); named && *named) return regular_file(named, mode) ? named : "";
    const std::string dir = own_directory();
    for (const std::string& candidate : {dir + "/" + name, dir + "/../lib/capsule/" + name, std::string(built)})
        if (regular_file(candidate, mode)) return candidate;
    return {};
}

}  // namespace

std::string find_preload_library() {
    return find("CAPSULE_PRELOAD", "libcapsule-preload.so", built_preload, R_OK);
}

std::string find_crash_helper() {
    return find("CAPSULE_HELPER", "capsule-crash-helper", built_helper, X_OK);
}

std::string find_program(const std::string& name) {
    if (name.empty()) return {};
    if (name.find('/') != std::string::npos) return regular_file(name, X_OK) ? name : "";
    const char* path = std::getenv("PATH");
    const std::string search = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= search.size()) {
        std::size_t end = search.find(':', start);
        if (end == std::string::npos) end = search.size();
        const std::string dir = end > start ? search.substr(start, end - start) : ".";
        if (regular_file(dir + "/" + name, X_OK)) return dir + "/" + name;
        start = end + 1;
    }
    return {};
}

}  // namespace capsule::cli

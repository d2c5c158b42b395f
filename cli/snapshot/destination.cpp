#include "snapshot/destination.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "capsule/file.hpp"
#include "capsule/store.hpp"

namespace capsule::cli {

std::string keep_capsule(const Report& report, const Destination& destination) {
    if (destination.directory.empty()) return store_capsule(report, destination.repository);
    std::error_code ec;
    std::filesystem::create_directories(destination.directory, ec);
    if (ec) throw std::runtime_error("cannot create " + destination.directory + ": " + ec.message());
    const std::string name = suggested_file_name(report);
    const std::string stem = name.substr(0, name.size() - std::string(".capsule").size());
    // Never over another capsule: two processes captured in the same
    // millisecond may be given the same name.
    std::string path = destination.directory + "/" + name;
    struct stat st;
    for (int n = 2; ::lstat(path.c_str(), &st) == 0; ++n)
        path = destination.directory + "/" + stem + "-" + std::to_string(n) + ".capsule";
    write_capsule(report, path);
    return path;
}

}  // namespace capsule::cli

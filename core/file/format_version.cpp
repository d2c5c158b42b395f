#include "file/format_version.hpp"

#include <string>

#include "capsule/file.hpp"

namespace capsule::file {

void check_format_version(int major, int minor) {
    const std::string version = std::to_string(major) + "." + std::to_string(minor);
    if (major > format_version_major)
        throw FormatError("capsule format " + version + " is newer than this capsule (reads " +
                          std::to_string(format_version_major) + ".x): upgrade capsule");
    if (major < 1 || minor < 0) throw FormatError("not a capsule format: " + version);
}

}  // namespace capsule::file

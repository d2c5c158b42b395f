// libFuzzer target: read_capsule on arbitrary bytes (a .capsule is a zip
// downloaded from CI: hostile input). A readable capsule is written back out
// as JSON, so that whatever the reader accepts the writer can handle too.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "capsule/file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // An in-memory file: the reader takes a path, and the disk stays out of it.
    static const int fd = ::memfd_create("fuzz.capsule", 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
        return 0;
    try {
        const capsule::Report report = capsule::read_capsule(path);
        (void)capsule::report_to_json(report);
        (void)capsule::report_to_manifest_yaml(report);
    } catch (const std::exception&) {
        // Rejected with an error: what hostile input should get.
    }
    return 0;
}

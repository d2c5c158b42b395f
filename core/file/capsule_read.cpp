// read_capsule: a capsule may come from anywhere (a CI artifact, a bug
// report), so the zip is read as hostile input: entry names are checked but
// never used as paths, and sizes are checked before anything is inflated.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "capsule/file.hpp"
#include "file/json_read.hpp"
#include "file/limits.hpp"
#include "file/manifest.hpp"
#include "file/one_line.hpp"
#include "file/zip_handles.hpp"

namespace capsule {
namespace {

constexpr std::uint64_t max_manifest_bytes = 1u << 20;

[[noreturn]] void not_a_capsule(const std::string& path, const std::string& reason) {
    throw FormatError(file::one_line("not a capsule: " + path + ": " + reason));
}

// Absolute, or climbing out with "..": the signs of an archive made to write
// outside the directory someone extracts it into. Control characters and
// spaces too: libzip turns a NUL inside a name into a space, and tools that
// cut the name at the NUL instead (unzip, Python) would extract
// "capsule.json\0/../x" as a second capsule.json, not the one this reader shows.
bool hostile_name(std::string_view name) {
    if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
    for (char c : name)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
    if (name.size() >= 2 && name[1] == ':') return true;  // a drive letter
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find_first_of("/\\", start);
        if (end == std::string_view::npos) end = name.size();
        if (name.substr(start, end - start) == "..") return true;
        start = end + 1;
    }
    return false;
}

file::ZipArchive open_archive(const std::string& path) {
    // Opened here rather than by zip_open, which keeps only its own error code
    // and loses errno ("No such file or directory", "Permission denied").
    // O_NONBLOCK: a FIFO given by mistake must not hang the open; it is refused below.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw FormatError(file::one_line("cannot read " + path + ": " + std::strerror(errno)));
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        int error = errno;
        ::close(fd);
        throw FormatError(file::one_line("cannot read " + path + ": " + std::strerror(error)));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw FormatError(file::one_line("cannot read " + path + ": " +
                                         (S_ISDIR(st.st_mode) ? std::strerror(EISDIR) : "not a regular file")));
    }
    int code = 0;
    zip_t* archive = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive) {
        ::close(fd);  // zip_fdopen owns the descriptor only when it succeeds
        file::ZipError error(code);
        not_a_capsule(path, error.message());
    }
    return file::ZipArchive(archive);
}

void check_entry_names(zip_t* archive, const std::string& path) {
    zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        if (!name) not_a_capsule(path, "unreadable entry name: " + std::string(zip_strerror(archive)));
        if (hostile_name(name)) not_a_capsule(path, "hostile entry name \"" + file::excerpt(name) + "\"");
    }
}

std::string read_entry(zip_t* archive, const char* name, std::uint64_t max_bytes, const std::string& path) {
    const std::string entry = std::string("entry ") + name;
    zip_int64_t index = zip_name_locate(archive, name, ZIP_FL_ENC_RAW);
    if (index < 0) not_a_capsule(path, std::string("no ") + name);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0)
        not_a_capsule(path, entry + ": " + zip_strerror(archive));
    if (!(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_COMP_SIZE))
        not_a_capsule(path, entry + ": size unknown");
    if (stat.size > max_bytes)
        not_a_capsule(path, entry + " is " + std::to_string(stat.size) + " bytes uncompressed (limit " +
                                std::to_string(max_bytes) + ")");
    if (stat.size > file::ratio_exempt_bytes &&
        (stat.comp_size == 0 || stat.size / stat.comp_size > file::max_compression_ratio))
        not_a_capsule(path, entry + " inflates " + std::to_string(stat.comp_size) + " bytes to " +
                                std::to_string(stat.size) + " (a zip bomb?)");

    file::ZipFile file(zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
    if (!file) not_a_capsule(path, entry + ": " + zip_strerror(archive));
    std::string data(stat.size, '\0');
    zip_uint64_t done = 0;
    while (done < stat.size) {
        zip_int64_t n = zip_fread(file.get(), data.data() + done, stat.size - done);
        if (n < 0) not_a_capsule(path, entry + ": " + zip_file_strerror(file.get()));
        if (n == 0) not_a_capsule(path, entry + ": shorter than its stated size");
        done += static_cast<zip_uint64_t>(n);
    }
    // One more read reaches the end of the stream, where libzip checks the CRC;
    // it also catches data beyond the stated size.
    char extra;
    zip_int64_t n = zip_fread(file.get(), &extra, 1);
    if (n < 0) not_a_capsule(path, entry + ": " + zip_file_strerror(file.get()));
    if (n > 0) not_a_capsule(path, entry + ": longer than its stated size");
    return data;
}

}  // namespace

Report read_capsule(const std::string& path) {
    file::ZipArchive archive = open_archive(path);
    check_entry_names(archive.get(), path);
    const std::string manifest = read_entry(archive.get(), "manifest.yaml", max_manifest_bytes, path);
    // Version first: a newer capsule gets "upgrade", not a parse error.
    try {
        file::check_manifest(manifest);
    } catch (const FormatError& e) {
        throw FormatError(file::one_line(path + ": " + e.what()));
    }
    std::string json = read_entry(archive.get(), "capsule.json", file::max_entry_bytes, path);
    try {
        return file::report_from_owned_json(std::move(json));
    } catch (const FormatError& e) {
        throw FormatError(file::one_line(path + ": " + e.what()));
    }
}

}  // namespace capsule

// write_capsule: the zip is built in memory, then written in one go by
// write_file_atomically. libzip's own zip_close would write a temporary file
// of its choosing and rename it; building in memory keeps the temporary name,
// the fsync and the error reporting in our hands.
#include <stdexcept>

#include "capsule/file.hpp"
#include "file/atomic_file.hpp"
#include "file/limits.hpp"
#include "file/one_line.hpp"
#include "file/zip_handles.hpp"

namespace capsule {
namespace {

[[noreturn]] void zip_failure(const std::string& path, const std::string& what) {
    throw std::runtime_error(file::one_line("cannot write " + path + ": zip: " + what));
}

void add_entry(zip_t* archive, const char* name, const std::string& data, bool store, const std::string& path) {
    // `data` outlives zip_close (the caller owns it), so libzip need not copy.
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    if (!source) zip_failure(path, zip_strerror(archive));
    zip_int64_t index = zip_file_add(archive, name, source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);  // still ours: zip_file_add failed
        zip_failure(path, zip_strerror(archive));
    }
    const zip_int32_t method = store ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 0) != 0)
        zip_failure(path, zip_strerror(archive));
}

std::string read_source(zip_source_t* source, const std::string& path) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(source, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        zip_failure(path, zip_error_strerror(zip_source_error(source)));
    if (zip_source_open(source) != 0) zip_failure(path, zip_error_strerror(zip_source_error(source)));
    std::string bytes(stat.size, '\0');
    zip_uint64_t done = 0;
    while (done < stat.size) {
        zip_int64_t n = zip_source_read(source, bytes.data() + done, stat.size - done);
        if (n <= 0) {
            std::string message = n < 0 ? zip_error_strerror(zip_source_error(source)) : "short read";
            zip_source_close(source);
            zip_failure(path, message);
        }
        done += static_cast<zip_uint64_t>(n);
    }
    zip_source_close(source);
    return bytes;
}

std::string build_zip(const std::string& manifest, const std::string& json, bool store_json,
                      const std::string& path) {
    file::ZipError error;
    file::ZipSource buffer(zip_source_buffer_create(nullptr, 0, 0, error.get()));
    if (!buffer) zip_failure(path, error.message());
    file::ZipArchive archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, error.get()));
    if (!archive) zip_failure(path, error.message());
    // The archive now holds a reference to the buffer; keep ours to read the
    // finished zip after zip_close has released the archive's.
    zip_source_keep(buffer.get());

    add_entry(archive.get(), "manifest.yaml", manifest, false, path);
    add_entry(archive.get(), "capsule.json", json, store_json, path);
    if (zip_close(archive.get()) != 0) zip_failure(path, zip_strerror(archive.get()));
    archive.release();  // zip_close freed it
    return read_source(buffer.get(), path);
}

// Whether capsule.json in `zip` is packed tighter than readers accept from an
// entry that large (they take it for a zip bomb): a long run of one byte in a
// message or a buffer can do that.
bool beyond_reader_ratio(const std::string& zip) {
    file::ZipError error;
    zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, error.get());
    if (!source) return false;
    file::ZipArchive archive(zip_open_from_source(source, ZIP_RDONLY, error.get()));
    if (!archive) {
        zip_source_free(source);
        return false;
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive.get(), "capsule.json", 0, &stat) != 0) return false;
    return stat.size > file::ratio_exempt_bytes &&
           (stat.comp_size == 0 || stat.size / stat.comp_size > file::max_compression_ratio);
}

}  // namespace

void write_capsule(const Report& report, const std::string& path) {
    const std::string manifest = report_to_manifest_yaml(report);
    const std::string json = report_to_json(report);
    std::string zip = build_zip(manifest, json, false, path);
    // Rare (only past 1 MiB, and only so repetitive): stored, it reads back.
    if (json.size() > file::ratio_exempt_bytes && beyond_reader_ratio(zip)) zip = build_zip(manifest, json, true, path);
    file::write_file_atomically(path, zip);
}

}  // namespace capsule

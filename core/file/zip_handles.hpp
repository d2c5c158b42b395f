// Ownership of libzip's handles: every early return and exception frees them.
#pragma once

#include <zip.h>

#include <memory>
#include <string>

namespace capsule::file {

class ZipError {
public:
    ZipError() { zip_error_init(&error_); }
    explicit ZipError(int code) { zip_error_init_with_code(&error_, code); }
    ~ZipError() { zip_error_fini(&error_); }
    ZipError(const ZipError&) = delete;
    ZipError& operator=(const ZipError&) = delete;

    zip_error_t* get() { return &error_; }
    std::string message() { return zip_error_strerror(&error_); }

private:
    zip_error_t error_;
};

struct ZipArchiveDiscard {
    // Discard, never close: closing would write. A successful zip_close
    // releases the pointer first.
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipArchiveDiscard>;

struct ZipSourceFree {
    // Sources are reference counted; this drops our reference only.
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using ZipSource = std::unique_ptr<zip_source_t, ZipSourceFree>;

struct ZipFileClose {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFile = std::unique_ptr<zip_file_t, ZipFileClose>;

}  // namespace capsule::file

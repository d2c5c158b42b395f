// Replacing a file so that a reader sees either the old or the new contents,
// never a part, and a failure leaves nothing behind.
#pragma once

#include <string>
#include <string_view>

namespace capsule::file {

// Creates the parent directory when missing, writes `contents` to a hidden
// temporary file next to `path`, fsyncs it and renames it over `path`.
// Throws std::runtime_error naming `path` and the system's reason.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace capsule::file

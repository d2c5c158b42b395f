// The index file: one JSON object per line, one line per capsule.
//
// Writers append a whole line with one write(2) on an O_APPEND descriptor
// while holding the repository lock; readers take no lock and leave out a
// last line without its newline (a writer is still at it) and any line that
// is not an entry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capsule/repository.hpp"

namespace capsule::store {

inline constexpr const char* index_file_name = "index";

// The entry as one line, '\n' included.
std::string encode_entry(const IndexEntry& entry);
// False for anything that is not a complete entry with a safe relative path.
bool decode_entry(std::string_view line, IndexEntry& out);
IndexContents parse_index(std::string_view text);

// Both with the repository lock held. Throw std::runtime_error.
void append_entry(const std::string& repository, const IndexEntry& entry);
void rewrite_index(const std::string& repository, const std::vector<IndexEntry>& entries);

}  // namespace capsule::store

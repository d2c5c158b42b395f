// Source paths as DWARF names them, and the text of a function's lines.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace capsule::codemap {

// `name` from a unit's file table, absolute against the unit's compilation
// directory and without "." and ".." components.
std::string absolute_source_path(const char* name, const std::string& comp_dir);

// Headers of the system and the toolchain: not the program's own code.
bool is_system_path(const std::string& path);

// Reads each file once and hands out line ranges, within a byte budget for
// the whole map: a binary with thousands of functions must not produce a
// document of gigabytes.
class SourceReader {
public:
    explicit SourceReader(std::size_t max_bytes) : budget_(max_bytes) {}

    // Lines [first, last] of `path` (1-based, at most `max_lines` of them)
    // joined with '\n'; empty when the file is unreadable, too short, or the
    // budget is spent.
    std::string lines(const std::string& path, int first, int last, int max_lines);
    bool exhausted() const { return exhausted_; }

private:
    const std::vector<std::string>* file(const std::string& path);

    std::map<std::string, std::vector<std::string>> files_;
    std::map<std::string, bool> unreadable_;
    std::size_t budget_;
    bool exhausted_ = false;
};

}  // namespace capsule::codemap

// Which source files the nearest .gitignore ignores (build output, generated
// code, vendored trees): git answers when it is installed, which also knows
// that a tracked file is never ignored; otherwise the .gitignore files are
// read directly.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace capsule::codemap {

struct IgnoreResult {
    std::set<std::string> ignored;
    bool used_git = false;
    std::vector<std::string> notes;  // e.g. git failed and the files were read instead
};

// `paths` are absolute. Paths outside any work tree are judged by the
// .gitignore files above them.
IgnoreResult find_ignored(const std::vector<std::string>& paths);

}  // namespace capsule::codemap

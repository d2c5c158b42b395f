// The patterns of .gitignore files, for when git itself is not installed:
// globs, directory-only patterns (trailing '/'), anchored patterns (a '/' at
// the start or in the middle), negation ('!'), and "**" read loosely as
// "any depth".
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace capsule::codemap {

class IgnoreFile {
public:
    explicit IgnoreFile(const std::string& text);

    enum class Verdict { none, ignored, kept };
    // `relative` is the path from the .gitignore's directory, '/'-separated.
    Verdict match(const std::string& relative, bool is_directory) const;

private:
    struct Pattern {
        std::string glob;
        bool negated = false;
        bool directory_only = false;
        bool anchored = false;  // matched against the whole relative path
        bool any_depth = false;  // contains "**"
    };
    std::vector<Pattern> patterns_;
};

// Reads .gitignore files once each.
class IgnoreFiles {
public:
    // Whether `path` (absolute) is ignored by the .gitignore files in the
    // directories from `top` down to its own. A path under an ignored
    // directory is ignored whatever a deeper file says, as with git.
    bool ignored(const std::string& path, const std::string& top);

private:
    const IgnoreFile* file_in(const std::string& directory);
    IgnoreFile::Verdict verdict(const std::vector<std::string>& directories, const std::string& path,
                                bool is_directory);

    std::map<std::string, std::unique_ptr<IgnoreFile>> files_;  // null: the directory has none
};

}  // namespace capsule::codemap

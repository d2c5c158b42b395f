#include "codemap/ignore_rules.hpp"

#include <fnmatch.h>

#include <fstream>
#include <sstream>

namespace capsule::codemap {
namespace {

std::string trim_trailing_spaces(std::string line) {
    // A trailing space escaped with a backslash is part of the pattern.
    while (!line.empty() && line.back() == ' ' && !(line.size() > 1 && line[line.size() - 2] == '\\'))
        line.pop_back();
    return line;
}

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace

IgnoreFile::IgnoreFile(const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        line = trim_trailing_spaces(line);
        if (line.empty() || line[0] == '#') continue;
        Pattern p;
        if (line[0] == '!') {
            p.negated = true;
            line.erase(0, 1);
        } else if (line[0] == '\\') {
            line.erase(0, 1);  // "\#" and "\!" start a literal pattern
        }
        if (!line.empty() && line.back() == '/') {
            p.directory_only = true;
            line.pop_back();
        }
        if (line.empty()) continue;
        p.anchored = line.find('/') != std::string::npos;
        if (line[0] == '/') line.erase(0, 1);
        p.any_depth = line.find("**") != std::string::npos;
        // "**/name" matches name at any depth, like a pattern without a slash.
        if (line.rfind("**/", 0) == 0 && line.find('/', 3) == std::string::npos) {
            line.erase(0, 3);
            p.anchored = false;
            p.any_depth = false;
        }
        p.glob = line;
        patterns_.push_back(std::move(p));
    }
}

IgnoreFile::Verdict IgnoreFile::match(const std::string& relative, bool is_directory) const {
    const auto slash = relative.rfind('/');
    const std::string base = slash == std::string::npos ? relative : relative.substr(slash + 1);
    // The last pattern that matches decides.
    for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
        const Pattern& p = *it;
        if (p.directory_only && !is_directory) continue;
        bool hit;
        if (!p.anchored) hit = fnmatch(p.glob.c_str(), base.c_str(), 0) == 0;
        else if (p.any_depth) hit = fnmatch(p.glob.c_str(), relative.c_str(), 0) == 0;
        else hit = fnmatch(p.glob.c_str(), relative.c_str(), FNM_PATHNAME) == 0;
        if (hit) return p.negated ? Verdict::kept : Verdict::ignored;
    }
    return Verdict::none;
}

const IgnoreFile* IgnoreFiles::file_in(const std::string& directory) {
    auto found = files_.find(directory);
    if (found != files_.end()) return found->second.get();
    std::unique_ptr<IgnoreFile> file;
    std::ifstream in(directory == "/" ? "/.gitignore" : directory + "/.gitignore");
    if (in) {
        std::ostringstream text;
        text << in.rdbuf();
        file = std::make_unique<IgnoreFile>(text.str());
    }
    return files_.emplace(directory, std::move(file)).first->second.get();
}

// `directories` from the top down; deeper files override shallower ones.
IgnoreFile::Verdict IgnoreFiles::verdict(const std::vector<std::string>& directories, const std::string& path,
                                         bool is_directory) {
    for (auto it = directories.rbegin(); it != directories.rend(); ++it) {
        if (path.size() <= it->size()) continue;
        const IgnoreFile* file = file_in(*it);
        if (!file) continue;
        const std::string relative = path.substr(*it == "/" ? 1 : it->size() + 1);
        const auto v = file->match(relative, is_directory);
        if (v != IgnoreFile::Verdict::none) return v;
    }
    return IgnoreFile::Verdict::none;
}

bool IgnoreFiles::ignored(const std::string& path, const std::string& top) {
    if (path.empty() || path[0] != '/') return false;
    // The directories from `top` down to the file's own.
    std::vector<std::string> directories;
    for (std::string dir = parent_of(path);; dir = parent_of(dir)) {
        directories.insert(directories.begin(), dir);
        if (dir == top || dir == "/") break;
    }
    // Each directory below `top` first: nothing under an ignored one comes back.
    for (std::size_t i = 1; i < directories.size(); ++i) {
        const std::vector<std::string> above(directories.begin(), directories.begin() + static_cast<long>(i));
        if (verdict(above, directories[i], true) == IgnoreFile::Verdict::ignored) return true;
    }
    return verdict(directories, path, false) == IgnoreFile::Verdict::ignored;
}

}  // namespace capsule::codemap

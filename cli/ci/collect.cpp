#include "ci/collect.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "capsule/repository.hpp"

namespace capsule::cli::ci {

namespace fs = std::filesystem;

namespace {

bool has_index(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "index", ec);
}

void scan(const fs::path& dir, int depth, std::vector<std::string>& out) {
    std::error_code ec;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec)) children.push_back(it->path());
    std::sort(children.begin(), children.end());
    for (const fs::path& child : children) {
        if (has_index(child))
            out.push_back(child.string());
        else if (depth > 1)
            scan(child, depth - 1, out);
    }
}

bool inside(const std::string& relative) {
    const fs::path path(relative);
    if (relative.empty() || path.is_absolute()) return false;
    for (const fs::path& part : path)
        if (part == "..") return false;
    return true;
}

}  // namespace

std::vector<std::string> find_repositories(const std::string& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return {};
    if (has_index(root)) return {root};
    std::vector<std::string> out;
    scan(root, 2, out);
    return out;
}

std::vector<FoundCapsule> find_capsules(const std::string& root,
                                        const std::function<void(const std::string&)>& warn) {
    std::vector<FoundCapsule> out;
    std::set<std::string> seen;
    const fs::path base(root);
    for (const std::string& repository : find_repositories(root)) {
        const IndexContents index = read_index(repository);
        const std::string prefix = fs::path(repository).lexically_relative(base).lexically_normal().string();
        for (const IndexEntry& entry : index.entries) {
            const std::string path = entry_path(repository, entry);
            std::error_code ec;
            if (!fs::is_regular_file(path, ec)) {
                warn("listed in " + repository + "/index but missing: " + entry.path);
                continue;
            }
            // Entries name capsules relative to their repository; one outside it is not ours to copy.
            if (!inside(entry.path)) {
                warn("index entry outside its repository skipped: " + entry.path);
                continue;
            }
            const std::string relative =
                prefix == "." || prefix.empty() ? entry.path : (fs::path(prefix) / entry.path).string();
            if (!seen.insert(relative).second) continue;
            out.push_back({path, relative});
        }
    }
    return out;
}

}  // namespace capsule::cli::ci

#include "codemap/source_files.hpp"

#include <filesystem>
#include <fstream>

namespace capsule::codemap {

std::string absolute_source_path(const char* name, const std::string& comp_dir) {
    if (!name || !*name) return {};
    std::filesystem::path path(name);
    if (path.is_relative() && !comp_dir.empty()) path = std::filesystem::path(comp_dir) / path;
    std::string out = path.lexically_normal().string();
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

bool is_system_path(const std::string& path) {
    return path.rfind("/usr/", 0) == 0;
}

const std::vector<std::string>* SourceReader::file(const std::string& path) {
    if (auto it = files_.find(path); it != files_.end()) return &it->second;
    if (unreadable_.count(path)) return nullptr;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        unreadable_[path] = true;
        return nullptr;
    }
    std::vector<std::string> lines;
    std::size_t bytes = 0;
    for (std::string line; std::getline(in, line);) {
        bytes += line.size() + 1;
        // A source file the size of the whole budget is not source anyone reads.
        if (bytes > budget_) {
            unreadable_[path] = true;
            return nullptr;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    return &files_.emplace(path, std::move(lines)).first->second;
}

std::string SourceReader::lines(const std::string& path, int first, int last, int max_lines) {
    if (exhausted_ || first <= 0 || max_lines <= 0) return {};
    const std::vector<std::string>* text = file(path);
    if (!text || static_cast<std::size_t>(first) > text->size()) return {};
    if (last < first) last = first;
    if (last - first + 1 > max_lines) last = first + max_lines - 1;
    if (static_cast<std::size_t>(last) > text->size()) last = static_cast<int>(text->size());
    std::string out;
    for (int line = first; line <= last; ++line) {
        out += (*text)[static_cast<std::size_t>(line - 1)];
        out += '\n';
    }
    if (out.size() > budget_) {
        exhausted_ = true;
        return {};
    }
    budget_ -= out.size();
    return out;
}

}  // namespace capsule::codemap

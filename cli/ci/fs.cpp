#include "ci/fs.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace capsule::cli::ci {

namespace fs = std::filesystem;

void write_file(const std::string& path, const std::string& content) {
    std::error_code ec;
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec) throw std::runtime_error("cannot create " + parent.string() + ": " + ec.message());
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(error));
    }
}

void copy_file(const std::string& from, const std::string& to) {
    std::error_code ec;
    const fs::path parent = fs::path(to).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) throw std::runtime_error("cannot copy " + from + " to " + to + ": " + ec.message());
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    return text.str();
}

std::string resolve_workspace(const std::string& option) {
    std::string workspace = option;
    if (workspace.empty())
        if (const char* github = std::getenv("GITHUB_WORKSPACE"); github && *github) workspace = github;
    std::error_code ec;
    fs::path path = workspace.empty() ? fs::current_path(ec) : fs::absolute(workspace, ec);
    path = fs::weakly_canonical(path, ec);
    return path.lexically_normal().string();
}

bool inside_workspace(const std::string& path, const std::string& workspace) {
    if (path.empty() || path[0] != '/' || workspace.empty()) return false;
    const std::string normal = fs::path(path).lexically_normal().string();
    const std::string prefix = workspace.back() == '/' ? workspace : workspace + "/";
    return normal.compare(0, prefix.size(), prefix) == 0;
}

std::string workspace_relative(const std::string& path, const std::string& workspace) {
    if (!inside_workspace(path, workspace)) return path;
    const std::string normal = fs::path(path).lexically_normal().string();
    const std::string prefix = workspace.back() == '/' ? workspace : workspace + "/";
    return normal.substr(prefix.size());
}

}  // namespace capsule::cli::ci

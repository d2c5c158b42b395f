// Files of a bundle: written whole or not at all, and paths shown relative to
// the workspace the CI checked out.
#pragma once

#include <string>

namespace capsule::cli::ci {

// Through a temporary name and a rename, creating parent directories.
// Throws std::runtime_error naming the path.
void write_file(const std::string& path, const std::string& content);
void copy_file(const std::string& from, const std::string& to);
// Throws std::runtime_error when the file cannot be read.
std::string read_file(const std::string& path);

// --workspace, else $GITHUB_WORKSPACE, else the working directory; absolute.
std::string resolve_workspace(const std::string& option);
// `path` relative to `workspace` when it lies inside it; else unchanged.
std::string workspace_relative(const std::string& path, const std::string& workspace);
bool inside_workspace(const std::string& path, const std::string& workspace);

}  // namespace capsule::cli::ci

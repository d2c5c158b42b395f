// The files every bundle has, whether `ci bundle` or `ci merge` made it:
// bundle.json, summary.md and index.html.
#pragma once

#include <set>
#include <string>

#include "ci/records.hpp"

namespace capsule::cli::ci {

// Writes the three files into `dir`; returns the summary's markdown.
std::string write_bundle_outputs(const std::string& dir, const Bundle& bundle, const std::set<std::string>* new_keys);

// Reads DIR/bundle.json. Throws std::runtime_error when it is missing or
// not a bundle.
Bundle read_bundle(const std::string& dir);

}  // namespace capsule::cli::ci

// GitHub Actions: error annotations at the user's failing line, and the job
// summary. GitHub keeps 10 error annotations per step (50 per job) and drops
// the rest without a word, and drops a whole step summary past 1 MiB, so
// both are ranked and bounded here.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "ci/records.hpp"

namespace capsule::cli::ci {

inline constexpr std::size_t github_annotations_per_step = 10;
inline constexpr std::size_t github_summary_limit = 1024 * 1024;

// Workflow-command escaping: the message (data) escapes %, CR and LF;
// a property value (file=, title=) also ':' and ','.
std::string escape_command_data(const std::string& text);
std::string escape_command_property(const std::string& text);

// "::error file=...,line=...,title=...::message" lines, at most `limit`:
// new-against-base first (when `new_keys` is given), then by how many
// capsules share the fingerprint. When some are left out the last line says
// how many.
std::vector<std::string> github_annotations(const std::vector<CapsuleRecord>& records,
                                            const std::set<std::string>* new_keys,
                                            std::size_t limit = github_annotations_per_step);

// Appends `markdown` to the step summary file, cut so that the file stays
// under GitHub's limit. Returns false (and writes nothing) when no room is left.
bool append_step_summary(const std::string& path, const std::string& markdown);

}  // namespace capsule::cli::ci

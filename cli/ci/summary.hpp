// summary.md of a bundle: counts by kind, then one row per failing test,
// grouped by fingerprint. Also what GitHub shows as the job summary.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "ci/records.hpp"

namespace capsule::cli::ci {

struct FailureGroup {
    std::string key;                  // failure_key of its members
    std::vector<std::size_t> members;  // indices into the records, in bundle order
};

// Most capsules first; among equals, first seen first.
std::vector<FailureGroup> group_records(const std::vector<CapsuleRecord>& records);

struct SummaryContext {
    const std::set<std::string>* new_keys = nullptr;  // marks regressions when a base was compared
};

std::string render_summary(const Bundle& bundle, const SummaryContext& context);

// Markdown table cell: one line, pipes escaped, at most `max` bytes.
std::string md_cell(const std::string& text, std::size_t max = 200);
// "function at file:line" of a record.
std::string top_frame(const CapsuleRecord& r);

// Cuts `markdown` to at most `max_bytes` at a line boundary, saying so.
std::string clip_markdown(const std::string& markdown, std::size_t max_bytes);

}  // namespace capsule::cli::ci

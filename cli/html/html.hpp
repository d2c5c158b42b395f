// The standalone HTML pages: one capsule as a report a person can read in any
// browser, and the index of a CI bundle. Each page is one self-contained file
// (styles, script and drawings inline, nothing fetched), so it opens from disk
// and from a downloaded CI artifact alike.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli {

// The report of one capsule: header, failing line, call path, threads with
// their frames and variables, environment, manifest, and a variable search.
std::string render_html_report(const Report& report);

// Several capsules: grouped by fingerprint, each linking to its own page or
// file by the relative link given with it, with bar charts of capsules per
// fingerprint and per kind.
std::string render_html_index(const std::vector<std::pair<std::string, Report>>& capsules);

}  // namespace capsule::cli

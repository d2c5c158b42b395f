// capsule ci bundle: JUnit reports and a capsule repository in, one
// artifacts directory out (annotated JUnit, capsules with their pages,
// index.html, summary.md, bundle.json), plus GitHub annotations and job
// summary when running there.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace capsule::cli::ci {

struct BundleOptions {
    std::vector<std::string> junit;
    std::string repo;
    std::string out;
    std::string base;  // a base bundle or repository: ranks new failures first
    std::string workspace;
    std::string leg;
    bool fail_on_capsules = false;
    bool html = true;
    std::size_t max_annotations = 10;
};

// Returns the exit code. Throws JunitError for a missing or malformed report
// (before writing anything) and std::runtime_error when output fails.
int run_bundle(const BundleOptions& options);

}  // namespace capsule::cli::ci

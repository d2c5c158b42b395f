// capsule ci merge: the bundles of a sharded run's legs as one bundle: each
// leg's capsules and annotated JUnit under its own folder, one summary and
// one fingerprint table over all of them. `ci diff` reads the result like
// any bundle.
#pragma once

#include <string>
#include <vector>

namespace capsule::cli::ci {

struct MergeOptions {
    std::vector<std::string> bundles;
    std::string out;
};

// Throws std::runtime_error (exit 2 from the command) when an input is not a
// bundle: a merge that silently lost a leg would hide its failures.
int run_merge(const MergeOptions& options);

}  // namespace capsule::cli::ci

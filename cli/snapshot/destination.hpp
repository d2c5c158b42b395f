// Where a snapshot's capsules go: into a repository (index, latest, layout)
// or, with -o DIR, as plain files into a directory.
#pragma once

#include <string>

#include "capsule/report.hpp"

namespace capsule::cli {

struct Destination {
    std::string repository;  // used when directory is empty
    std::string directory;
};

// Returns the capsule's path. Throws std::runtime_error when it cannot be written.
std::string keep_capsule(const Report& report, const Destination& destination);

}  // namespace capsule::cli

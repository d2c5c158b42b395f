// The repository's variables by name: across every capsule, which names
// occur, what one of their values looked like, and in which functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli {

struct MergedVariable {
    std::string name;
    Variable example;  // from the newest capsule that has a readable value; no members
    std::string example_capsule;
    std::vector<std::string> types;      // as first seen
    std::vector<std::string> functions;  // as first seen
    long occurrences = 0;                // frames it appears in
    long capsules = 0;                   // capsules it appears in
};

struct MergedVariables {
    std::vector<MergedVariable> variables;  // by name
    std::size_t capsules_read = 0;
    std::vector<std::string> problems;  // capsules that could not be read, and why
};

// Reads the newest `limit` capsules of the index (0: all). Only names that
// contain `needle` (lower case; empty: all) are kept.
MergedVariables merge_variables(const std::string& repository, std::size_t limit, const std::string& needle);

}  // namespace capsule::cli

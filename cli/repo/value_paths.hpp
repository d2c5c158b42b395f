// Paths through a value tree, spelled as C++ would reach the value:
// items[1].x, (*head).next, (*owner.get()).name.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli {

// The path of `child`, a member, element or pointee of the value at `parent`.
std::string child_path(const std::string& parent, const Variable& child);

struct PathedValue {
    std::string path;
    const Variable* var;
};

// Every node below and including `root` (named by `root_path`), parents before children.
void flatten(const Variable& root, const std::string& root_path, std::vector<PathedValue>& out);

// The value with its addresses blanked: where a process's memory happened to
// be differs between any two runs and says nothing about the failure. Only
// null stays visible, and text inside quotes is left alone.
std::string without_addresses(const std::string& value);

}  // namespace capsule::cli

// What the torture tests check on a capsule, and the environment a victim runs in.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::torture {

// CAPSULE_OUTPUT_DIR=repository, and (sanitizer build) ASan told to leave the
// crash signals alone and to abort() on a finding, so that a double free ends
// in SIGABRT as it does with glibc.
std::vector<std::string> victim_env(const std::string& repository);

bool failing_thread_has(const Report& report, const std::string& function_part);
const Frame* find_frame(const Report& report, const std::string& function_part);
const Variable* find_var(const Frame& frame, const std::string& name);
// `capsule show FILE` exits 0.
bool shows(const std::string& capsule);

// Files below `dir` whose name is not a whole capsule's nor the index's:
// what a writer that died may have left.
std::vector<std::string> leftovers(const std::string& dir);

}  // namespace capsule::torture

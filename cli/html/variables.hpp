// A frame's variables as a tree that folds: structs, containers and pointers
// that hold children open and close, the rest is one row each. Every row says
// how its value came out: masked, optimized out and the other absences are
// marked, never shown as if they were values.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli::html {

// `assertion_names` (the failing frame's only): variables the failed
// assertion names come first, in its order, highlighted and unfolded.
void render_variables(std::string& out, const std::vector<Variable>& vars,
                      const std::vector<std::string>& assertion_names);

}  // namespace capsule::cli::html

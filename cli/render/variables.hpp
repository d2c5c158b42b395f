// Variables as text, one `name = value  (type)` line each, members indented
// below: the way `show`, `vars` and the explorer print them.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "capsule/report.hpp"
#include "render/color.hpp"

namespace capsule::cli {

// The value, or what stands in for it: ***masked***, <optimized out>,
// {...} for an aggregate without a summary, a status mark otherwise.
std::string value_text(const Variable& var, const Palette& palette);

// One line, no newline: `label = value  (type)`, `label` printed as given
// (a name or a path).
std::string variable_line(const std::string& label, const Variable& var, const Palette& palette);

// The line, then the members below it, `indent` spaces in; `max_depth`
// levels of members (-1: all).
void print_variable(const Variable& var, std::size_t indent, const Palette& palette, std::ostream& out,
                    int max_depth = -1, const std::string& label = "");

}  // namespace capsule::cli

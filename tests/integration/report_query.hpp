// Finding frames and variables in a captured report, and gtest expectations
// that say what was there instead when they fail.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::integration {

// The failing thread; throws when the report has none.
const Thread& failing_thread(const Report& report);

// Every variable of the frame called `name`, in the frame's order.
std::vector<const Variable*> find_vars(const Frame& frame, const std::string& name);
// The only variable called `name` with status other than shadowed; null when none.
const Variable* find_var(const Frame& frame, const std::string& name);
const Variable* find_child(const Variable& parent, const std::string& name);
// True when the variable or anything below it has `status`.
bool has_status_below(const Variable& variable, ValueStatus status);

std::string file_basename(const std::string& path);

// "ns::f(int, char const*) const" -> "ns::f": a function's name the way gdb's
// backtrace prints it. "operator()" keeps its own parentheses.
std::string without_parameters(const std::string& function);

// One line per frame and variable: what a failed expectation prints.
std::string describe(const Variable& variable, int indent = 0);
std::string describe(const Frame& frame);
std::string describe(const Thread& thread);

// EXPECT_* checks of one frame's identity; `function` is compared without
// the parameter list (see without_parameters).
void expect_frame(const Frame& frame, const std::string& function, const std::string& file,
                  int line, bool inlined = false);

// EXPECT_* checks of one variable: present once (not shadowed), with this kind,
// status ok and exactly this value. Returns it (or null) for further checks.
const Variable* expect_var(const Frame& frame, const std::string& name, const std::string& kind,
                           const std::string& value);
// Present, with this kind, and value matching the ECMAScript regex.
const Variable* expect_var_matching(const Frame& frame, const std::string& name,
                                    const std::string& kind, const std::string& value_regex);
void expect_absent(const Frame& frame, const std::string& name);

// The values of the children, in order: for arrays and containers.
std::vector<std::string> child_values(const Variable& variable);

}  // namespace capsule::integration

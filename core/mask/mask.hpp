// Secret masking: runs on the finished report, before anything is written.
#pragma once

#include <string_view>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

namespace capsule::mask {

// Replaces secrets in the report: values of variables and members (at any
// depth, inside containers too: a map entry whose key is "password" masks its
// value; an element whose value looks like a secret is masked) whose name
// matches a rule, and values that look like secrets anywhere; environment
// values (by name or look) and command-line arguments (`--password=x`,
// `--token x`, or a value that looks secret). Secret-looking tokens inside the
// message, what(), the assertion text, test parameters, notes and source
// snippets are replaced where they stand, leaving the rest readable.
// Masked: value "***masked***", status ValueStatus::masked, children removed,
// type kept. Type names, function names and file paths are never masked.
// A variable that was optimized out or unreadable carries no bytes of the
// target and keeps its status. Records the rules used in report.masking_rules.
void apply(Report& report, const MaskRules& rules);

// Case-insensitive substring match against rules.name_patterns.
bool name_is_secret(std::string_view name, const MaskRules& rules);

// JWT (three base64url parts, header starting eyJ), AWS access key id
// (AKIA/ASIA and 16 upper-case letters or digits), "Bearer <token>", PEM
// private key; also inside a longer string or a quoted gdb-style value.
bool value_looks_secret(std::string_view value);

}  // namespace capsule::mask

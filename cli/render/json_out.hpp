// JSON on stdout: every command's --json goes through here, so all of them
// indent alike and survive invalid UTF-8 in captured text.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "capsule/report.hpp"

namespace capsule::cli {

using ojson = nlohmann::ordered_json;

// Indented, one document, a newline after it; bytes that are not UTF-8
// become U+FFFD.
void print_json(const ojson& value, std::ostream& out);
// The same, on one line (the explorer answers one line per command).
void print_json_line(const ojson& value, std::ostream& out);

// One variable and its members, with the keys capsule.json gives it.
ojson variable_json(const Variable& var);

// The report in the shape `capsule show --json` prints, as a value to pick
// parts from: frames and variables keep exactly the capsule's schema.
ojson report_json(const Report& report);

}  // namespace capsule::cli

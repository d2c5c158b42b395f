// Masking one line of source code, as a snippet shows it.
#pragma once

#include <string>

#include "capsule/options.hpp"

namespace capsule::mask {

// Besides the secret-looking tokens anywhere on the line (mask_secrets), hides
// the literals that a secret-named identifier or key is given on that line:
// `std::string db_password = "x";`, `creds.token = "x";`, `m["api_key"] = "x";`,
// `{"password", "x"}`, `setenv("GITHUB_TOKEN", "x", 1)`, `long pin_secret = 42;`,
// and the value in a literal such as `"--password=x"` or `"AUTH=x"`. Each
// such string literal becomes "***masked***" (quotes kept), a number
// ***masked***. A secret name arms the rest of its statement on this line (up
// to `;`); array sizes, comments and names stay readable. Per line: a literal
// on a later line than its name, or inside a multi-line raw string, is not
// tied to the name (the look-based rules still apply to it).
void mask_source_line(std::string& text, const MaskRules& rules);

}  // namespace capsule::mask

// Text from a capsule on a terminal. A capsule may come from anywhere, and its
// values are whatever bytes the failing process held: escape sequences in them
// must not reach the terminal, nor bidirectional overrides that make the shown
// text differ from the stored one.
#pragma once

#include <string>
#include <string_view>

namespace capsule::cli {

// Control characters (C0, DEL, C1) and bidi controls become visible escapes
// (\n, \x1b, \u202e); everything else is kept. Tabs are kept when `keep_tabs`.
std::string printable(std::string_view text, bool keep_tabs = false);

}  // namespace capsule::cli

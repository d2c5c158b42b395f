// Text from a capsule inside an HTML page. A capsule holds whatever bytes the
// failing process held, and is often downloaded from CI: every string in it is
// hostile until escaped here.
#pragma once

#include <string>
#include <string_view>

namespace capsule::cli::html {

// For element content and for quoted attribute values (also inside inline
// SVG): & < > " ' become character references. Control characters, bidi
// overrides and bytes that are not UTF-8 first become visible escapes (\x1b,
// \u202e), so the page shows what was stored and a value cannot hide text.
std::string text(std::string_view raw, bool keep_tabs = false);

// The same, for text whose line breaks mean something (a GoogleTest message,
// YAML): newlines and tabs stay, a CR before a newline goes.
std::string multiline_text(std::string_view raw);

// Already printable ASCII of our own making (numbers, class names) needs no
// more than the five characters.
std::string escape_markup(std::string_view plain);

// A JSON document placed inside <script type="application/json">. The HTML
// parser ends a script at "</script" whatever JSON thinks of it, and "<!--"
// changes how it looks for the end, so < > & become \u003c \u003e \u0026.
// U+2028 and U+2029 become \u2028 \u2029 so the text stays valid JavaScript
// too. Those characters only ever appear inside JSON strings, where the
// escapes mean the same characters: JSON.parse gives back the same document.
std::string script_json(std::string_view json);

// A link from a page to a capsule or report: kept relative. A value that
// names a scheme (javascript:, data:) or a host (//evil) is turned into a
// path ("./javascript:x") so it can only ever point below the page.
std::string relative_href(std::string_view link);

}  // namespace capsule::cli::html

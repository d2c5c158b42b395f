// Error messages end up after "capsule: " on a terminal and in CI logs; they
// may quote hostile input, so they are made one bounded line of printable text.
#pragma once

#include <string>
#include <string_view>

namespace capsule::file {

// Control characters become spaces; the length is bounded generously, since a
// path alone may be 4096 bytes and the reason comes after it.
std::string one_line(std::string text);

// At most `max` bytes of `text` (cut on a UTF-8 boundary, "..." appended):
// for quoting input inside a message.
std::string excerpt(std::string_view text, std::size_t max = 120);

}  // namespace capsule::file

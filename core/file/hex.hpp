// Addresses travel as "0x..." strings: JSON numbers are doubles to most
// readers, and a 64-bit address does not survive a double.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace capsule::file {

std::string to_hex(std::uint64_t value);
// Accepts "0x" followed by 1 to 16 hex digits, nothing else.
bool parse_hex(std::string_view text, std::uint64_t& out);

}  // namespace capsule::file

#include "file/hex.hpp"

#include <charconv>

namespace capsule::file {

std::string to_hex(std::uint64_t value) {
    char digits[2 + 16];
    digits[0] = '0';
    digits[1] = 'x';
    auto [end, ec] = std::to_chars(digits + 2, digits + sizeof digits, value, 16);
    (void)ec;  // 16 hex digits always fit
    return std::string(digits, end);
}

bool parse_hex(std::string_view text, std::uint64_t& out) {
    if (text.size() < 3 || text.size() > 18 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        return false;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), value, 16);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    out = value;
    return true;
}

}  // namespace capsule::file

// gdb's spelling of scalar values: integers, characters, floats, enums,
// pointers and quoted strings. Pure functions of bytes already read.
#pragma once

#include <elfutils/libdw.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::values {

// A character type, as gdb decides whether to print text.
struct CharType {
    int unit_size = 1;         // bytes per code unit: 1, 2 or 4
    bool is_signed = false;    // how the number before the quote is printed
    const char* prefix = "";   // "", "L", "u", "U"
};

// True for char, signed/unsigned char, char8_t, char16_t, char32_t and
// wchar_t (`base` already peeled).
bool char_type(Dwarf_Die* base, CharType& out);

// Little-endian integer of 1..16 bytes.
std::string format_integer(const std::uint8_t* bytes, std::size_t size, bool is_signed);
unsigned __int128 load_unsigned(const std::uint8_t* bytes, std::size_t size);
__int128 load_signed(const std::uint8_t* bytes, std::size_t size);

// `65 'A'`, `120 L'x'`.
std::string format_char(const std::uint8_t* bytes, const CharType& type);

// Shortest text that reads back to the same value, in printf %g style;
// inf, -inf and nan(0x8000000000000) as gdb prints them. `size` is 4, 8, or
// 10/16 for the x87 extended format.
std::string format_float(const std::uint8_t* bytes, std::size_t size);

// A base type (`base` peeled) whose `size` bytes are given.
std::string format_base(Dwarf_Die* base, const std::uint8_t* bytes, std::size_t size);

// Enumerator name, `(A | C)` for flag enums, or the number.
std::string format_enum(Dwarf_Die* enumeration, const std::uint8_t* bytes, std::size_t size);

std::string format_hex(std::uint64_t value);

// Quoted text from code units, escaped like gdb: `"ab\n\000"`; valid UTF-8
// in narrow text is kept, any other byte becomes an octal escape.
std::string quote_units(const std::vector<std::uint32_t>& units, const CharType& type,
                        bool cut_short);
std::string quote_bytes(std::string_view bytes, const CharType& type, bool cut_short);

}  // namespace capsule::values

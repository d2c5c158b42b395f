#include "values/scalar_format.hpp"

#include <dwarf.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "values/dwarf_types.hpp"

namespace capsule::values {

namespace {

bool attr_udata(Dwarf_Die* die, unsigned name, Dwarf_Word& out) {
    Dwarf_Attribute attr;
    return dwarf_attr_integrate(die, name, &attr) != nullptr && dwarf_formudata(&attr, &out) == 0;
}

int encoding_of(Dwarf_Die* base) {
    Dwarf_Word encoding = 0;
    return attr_udata(base, DW_AT_encoding, encoding) ? static_cast<int>(encoding) : 0;
}

std::string u128_to_string(unsigned __int128 value) {
    if (value == 0) return "0";
    char digits[40];
    int n = 0;
    while (value != 0) {
        digits[n++] = static_cast<char>('0' + static_cast<int>(value % 10));
        value /= 10;
    }
    std::string out;
    while (n > 0) out += digits[--n];
    return out;
}

std::string octal(std::uint32_t byte) {
    char text[5] = {'\\', static_cast<char>('0' + ((byte >> 6) & 7)),
                    static_cast<char>('0' + ((byte >> 3) & 7)), static_cast<char>('0' + (byte & 7)),
                    0};
    return text;
}

void append_utf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// The escapes gdb uses; false when `c` is not plain ASCII it can show as is.
bool append_ascii(std::string& out, std::uint32_t c, char quote) {
    switch (c) {
    case '\a': out += "\\a"; return true;
    case '\b': out += "\\b"; return true;
    case '\t': out += "\\t"; return true;
    case '\n': out += "\\n"; return true;
    case '\v': out += "\\v"; return true;
    case '\f': out += "\\f"; return true;
    case '\r': out += "\\r"; return true;
    case '\\': out += "\\\\"; return true;
    default: break;
    }
    if (c == static_cast<std::uint32_t>(static_cast<unsigned char>(quote))) {
        out += '\\';
        out += quote;
        return true;
    }
    if (c >= 0x20 && c < 0x7F) {
        out += static_cast<char>(c);
        return true;
    }
    return false;
}

// A code point outside ASCII, from wide text: shown when printable.
void append_code_point(std::string& out, std::uint32_t c, char quote) {
    if (append_ascii(out, c, quote)) return;
    if (c < 0xA0) {
        out += octal(c);
    } else if (c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF)) {
        append_utf8(out, c);
    } else {
        char hex[16];
        auto r = std::to_chars(hex, hex + sizeof hex, c, 16);
        out += "\\x";
        out.append(hex, r.ptr);
    }
}

// Length of a valid UTF-8 sequence of a printable code point at `s`, else 0.
std::size_t utf8_sequence(std::string_view s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
    if (len == 0 || b0 > 0xF4 || s.size() < len) return 0;
    std::uint32_t c = b0 & (0x7F >> len);
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) return 0;
        c = (c << 6) | (b & 0x3F);
    }
    const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c < 0xA0) return 0;
    return len;
}

template <typename F>
std::string shortest_float(F value, int gdb_precision) {
    // gdb prints with %g at a fixed precision (%.17g for double), which shows
    // 0.1 as 0.10000000000000001; the shortest round-trip text reads better
    // and loses nothing. Fixed or exponent form is chosen as %g would.
    char text[6000];
    auto sci = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific);
    std::string_view s(text, sci.ptr - text);
    const auto e = s.find('e');
    int exponent = 0;
    if (e != std::string_view::npos) {
        std::string_view exp_text = s.substr(e + 1);
        if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
        std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    }
    if (exponent < -4 || exponent >= gdb_precision) return std::string(s);
    auto fixed = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
    return std::string(text, fixed.ptr - text);
}

std::string nan_text(bool negative, std::uint64_t mantissa) {
    char hex[24];
    auto r = std::to_chars(hex, hex + sizeof hex, mantissa, 16);
    return std::string(negative ? "-" : "") + "nan(0x" + std::string(hex, r.ptr) + ")";
}

}  // namespace

bool char_type(Dwarf_Die* base, CharType& out) {
    if (dwarf_tag(base) != DW_TAG_base_type) return false;
    Dwarf_Word size = 0;
    if (!attr_udata(base, DW_AT_byte_size, size)) return false;
    const int encoding = encoding_of(base);
    const char* name = dwarf_diename(base);
    const std::string_view n = name != nullptr ? name : "";
    out = CharType{};
    out.unit_size = static_cast<int>(size);
    if ((encoding == DW_ATE_signed_char || encoding == DW_ATE_unsigned_char) && size == 1) {
        out.is_signed = encoding == DW_ATE_signed_char;
        return true;
    }
    if (encoding == DW_ATE_UTF || n == "char8_t" || n == "char16_t" || n == "char32_t") {
        out.prefix = size == 1 ? "" : size == 2 ? "u" : "U";
        return size == 1 || size == 2 || size == 4;
    }
    if (n == "wchar_t" && (size == 2 || size == 4)) {
        out.prefix = "L";
        out.is_signed = encoding == DW_ATE_signed;
        return true;
    }
    return false;
}

unsigned __int128 load_unsigned(const std::uint8_t* bytes, std::size_t size) {
    unsigned __int128 value = 0;
    for (std::size_t i = size < 16 ? size : 16; i > 0; --i) value = (value << 8) | bytes[i - 1];
    return value;
}

__int128 load_signed(const std::uint8_t* bytes, std::size_t size) {
    unsigned __int128 value = load_unsigned(bytes, size);
    if (size > 0 && size < 16 && (bytes[size - 1] & 0x80) != 0)
        value |= ~static_cast<unsigned __int128>(0) << (size * 8);
    return static_cast<__int128>(value);
}

std::string format_integer(const std::uint8_t* bytes, std::size_t size, bool is_signed) {
    if (!is_signed) return u128_to_string(load_unsigned(bytes, size));
    const __int128 value = load_signed(bytes, size);
    if (value >= 0) return u128_to_string(static_cast<unsigned __int128>(value));
    return "-" + u128_to_string(static_cast<unsigned __int128>(0) -
                                static_cast<unsigned __int128>(value));
}

std::string format_char(const std::uint8_t* bytes, const CharType& type) {
    const auto size = static_cast<std::size_t>(type.unit_size);
    std::string out = format_integer(bytes, size, type.is_signed);
    out += ' ';
    out += type.prefix;
    out += '\'';
    const auto code = static_cast<std::uint32_t>(load_unsigned(bytes, size));
    if (size == 1) {
        if (!append_ascii(out, code, '\'')) out += octal(code);
    } else {
        append_code_point(out, code, '\'');
    }
    out += '\'';
    return out;
}

std::string format_float(const std::uint8_t* bytes, std::size_t size) {
    if (size == 4) {
        float f;
        std::uint32_t bits;
        std::memcpy(&f, bytes, 4);
        std::memcpy(&bits, bytes, 4);
        if (std::isnan(f)) return nan_text(bits >> 31, bits & 0x7FFFFF);
        if (std::isinf(f)) return f < 0 ? "-inf" : "inf";
        return shortest_float(f, 9);
    }
    if (size == 8) {
        double d;
        std::uint64_t bits;
        std::memcpy(&d, bytes, 8);
        std::memcpy(&bits, bytes, 8);
        if (std::isnan(d)) return nan_text(bits >> 63, bits & 0xFFFFFFFFFFFFFULL);
        if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
        return shortest_float(d, 17);
    }
    if (size == 10 || size == 16) {
        // x87 extended: 64-bit significand with an explicit integer bit, then
        // sign and exponent. The host is x86-64, so long double is this format.
        long double ld = 0;
        std::memcpy(&ld, bytes, 10);
        std::uint64_t significand;
        std::memcpy(&significand, bytes, 8);
        const bool negative = (bytes[9] & 0x80) != 0;
        if (std::isnan(ld)) return nan_text(negative, significand);
        if (std::isinf(ld)) return negative ? "-inf" : "inf";
        return shortest_float(ld, 21);
    }
    return "<unsupported float of " + std::to_string(size) + " bytes>";
}

std::string format_base(Dwarf_Die* base, const std::uint8_t* bytes, std::size_t size) {
    CharType ct;
    if (char_type(base, ct) && static_cast<std::size_t>(ct.unit_size) == size)
        return format_char(bytes, ct);
    switch (encoding_of(base)) {
    case DW_ATE_boolean: {
        const auto value = load_unsigned(bytes, size);
        if (value <= 1) return value != 0 ? "true" : "false";
        return u128_to_string(value);
    }
    case DW_ATE_float: {
        const char* name = dwarf_diename(base);
        const bool x87 = name != nullptr && std::string_view(name) == "long double";
        if (size == 16 && !x87) return "<unsupported float of 16 bytes>";
        return format_float(bytes, size);
    }
    case DW_ATE_complex_float: {
        const std::size_t half = size / 2;
        return format_float(bytes, half) + " + " + format_float(bytes + half, half) + "i";
    }
    case DW_ATE_signed:
    case DW_ATE_signed_char:
    case DW_ATE_signed_fixed:
        return format_integer(bytes, size, true);
    default:
        return format_integer(bytes, size, false);
    }
}

std::string format_hex(std::uint64_t value) {
    char hex[24];
    auto r = std::to_chars(hex, hex + sizeof hex, value, 16);
    return "0x" + std::string(hex, r.ptr);
}

std::string quote_units(const std::vector<std::uint32_t>& units, const CharType& type,
                        bool cut_short) {
    std::string out = type.prefix;
    out += '"';
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::uint32_t c = units[i];
        // UTF-16 surrogate pairs carry one code point.
        if (type.unit_size == 2 && c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size() &&
            units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (units[i + 1] - 0xDC00);
            ++i;
        }
        append_code_point(out, c, '"');
    }
    out += '"';
    if (cut_short) out += "...";
    return out;
}

std::string quote_bytes(std::string_view bytes, const CharType& type, bool cut_short) {
    std::string out = type.prefix;
    out += '"';
    for (std::size_t i = 0; i < bytes.size();) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b >= 0x80) {
            if (std::size_t len = utf8_sequence(bytes.substr(i)); len != 0) {
                out.append(bytes.substr(i, len));
                i += len;
                continue;
            }
            out += octal(b);
        } else if (!append_ascii(out, b, '"')) {
            out += octal(b);
        }
        ++i;
    }
    out += '"';
    if (cut_short) out += "...";
    return out;
}

std::string format_enum(Dwarf_Die* enumeration, const std::uint8_t* bytes, std::size_t size) {
    Dwarf_Die underlying;
    bool is_signed = false;
    if (type_of(enumeration, underlying) && peel(&underlying, underlying)) {
        const int encoding = encoding_of(&underlying);
        is_signed = encoding == DW_ATE_signed || encoding == DW_ATE_signed_char;
    }
    const unsigned __int128 mask =
        size >= 16 ? ~static_cast<unsigned __int128>(0)
                   : (static_cast<unsigned __int128>(1) << (size * 8)) - 1;
    const auto value = static_cast<std::uint64_t>(load_unsigned(bytes, size) & mask);
    const bool negative = is_signed && size > 0 && (bytes[size - 1] & 0x80) != 0;

    struct Enumerator {
        const char* name;
        std::uint64_t value;
    };
    std::vector<Enumerator> enumerators;
    bool flag_enum = true;
    std::uint64_t seen_bits = 0;
    Dwarf_Die child;
    if (dwarf_child(enumeration, &child) == 0) {
        do {
            if (dwarf_tag(&child) != DW_TAG_enumerator) continue;
            Dwarf_Attribute attr;
            if (dwarf_attr(&child, DW_AT_const_value, &attr) == nullptr) continue;
            Dwarf_Word raw = 0;
            const unsigned form = dwarf_whatform(&attr);
            if (form == DW_FORM_sdata || form == DW_FORM_implicit_const) {
                Dwarf_Sword s = 0;
                if (dwarf_formsdata(&attr, &s) != 0) continue;
                raw = static_cast<Dwarf_Word>(s);
            } else if (dwarf_formudata(&attr, &raw) != 0) {
                continue;
            }
            const auto v = static_cast<std::uint64_t>(raw & mask);
            enumerators.push_back({dwarf_diename(&child), v});
            // gdb's rule: a flag enum has only single-bit (or zero), disjoint,
            // non-negative enumerators.
            const bool v_negative = is_signed && size > 0 && size <= 8 &&
                                    ((v >> (size * 8 - 1)) & 1) != 0;
            if (v_negative || __builtin_popcountll(v) > 1 || (seen_bits & v) != 0)
                flag_enum = false;
            seen_bits |= v;
        } while (dwarf_siblingof(&child, &child) == 0);
    }

    std::string prefix = scope_prefix(enumeration);
    if (has_flag(enumeration, DW_AT_enum_class)) {
        const char* enum_name = dwarf_diename(enumeration);
        if (enum_name != nullptr) prefix += std::string(enum_name) + "::";
    }
    for (const auto& e : enumerators)
        if (e.value == value && e.name != nullptr) return prefix + e.name;

    if (flag_enum && !negative && value != 0 && !enumerators.empty()) {
        std::string out = "(";
        std::uint64_t rest = value;
        for (const auto& e : enumerators) {
            if (e.value == 0 || (value & e.value) == 0 || e.name == nullptr) continue;
            if (out.size() > 1) out += " | ";
            out += prefix + e.name;
            rest &= ~e.value;
        }
        if (rest != 0) {
            if (out.size() > 1) out += " | ";
            out += "unknown: " + format_hex(rest);
        }
        return out + ")";
    }
    return format_integer(bytes, size, is_signed);
}

}  // namespace capsule::values

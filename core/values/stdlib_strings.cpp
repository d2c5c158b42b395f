// std::basic_string (every character type, short and heap) and
// std::basic_string_view: quoted text, as gdb prints it.
#include <dwarf.h>

#include <cstring>
#include <vector>

#include "values/scalar_format.hpp"
#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// The text of a string or string_view whose `data` member points at `length`
// characters; false when the two cannot belong to a real string.
bool fill_counted_text(Reader& reader, const ObjectRef& object, const FoundMember& data,
                       const FoundMember& length, const CharType& chars, Variable& v) {
    std::uint64_t address = 0, size = 0;
    if (!read_address(reader, object, data.offset, address) ||
        !read_number(reader, object, length, size)) {
        set_unreadable(v);
        return true;
    }
    if (size > max_plausible_string || (address == 0 && size != 0)) return false;
    if (!quote_target_text(reader, address, size, chars, v)) set_unreadable(v);
    return true;
}

}  // namespace

bool char_type_of(Dwarf_Die* pointee, CharType& out) {
    Dwarf_Die peeled;
    return peel(pointee, peeled) && char_type(&peeled, out);
}

std::string quote_raw(const std::vector<std::uint8_t>& raw, const CharType& chars, bool cut) {
    const auto unit = static_cast<std::size_t>(chars.unit_size);
    if (unit == 1)
        return quote_bytes(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()),
                           chars, cut);
    std::vector<std::uint32_t> units(raw.size() / unit);
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::uint32_t u = 0;
        std::memcpy(&u, raw.data() + i * unit, unit);
        units[i] = u;
    }
    return quote_units(units, chars, cut);
}

bool quote_target_text(Reader& reader, std::uint64_t address, std::uint64_t size,
                       const CharType& chars, Variable& v) {
    const std::uint64_t shown = std::min<std::uint64_t>(size, reader.bounds().max_string_bytes);
    std::vector<std::uint8_t> raw(shown * static_cast<std::uint64_t>(chars.unit_size));
    if (shown > 0 && !reader.target().read(address, raw.data(), raw.size())) return false;
    const bool cut = size > shown;
    if (cut) v.status = ValueStatus::truncated;
    v.value = quote_raw(raw, chars, cut);
    return true;
}

// _M_dataplus._M_p points at the characters, in the object's own buffer
// when they are few; _M_string_length counts them.
bool fill_string(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level,
                 Variable& v) {
    FoundMember data, length;
    Dwarf_Die chars_type;
    CharType chars;
    if (!find_path(peeled, {"_M_dataplus", "_M_p"}, data, true) || !pointee_of(data, chars_type) ||
        !char_type_of(&chars_type, chars) || !find_member(peeled, "_M_string_length", length))
        return false;
    return fill_counted_text(reader, object, data, length, chars, v);
}

// _M_len characters at _M_str.
bool fill_string_view(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level,
                      Variable& v) {
    FoundMember data, length;
    Dwarf_Die chars_type;
    CharType chars;
    if (!find_member(peeled, "_M_str", data, true) || !pointee_of(data, chars_type) ||
        !char_type_of(&chars_type, chars) || !find_member(peeled, "_M_len", length))
        return false;
    return fill_counted_text(reader, object, data, length, chars, v);
}

}  // namespace capsule::values::stdlib

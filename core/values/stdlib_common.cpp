// Helpers of the standard-library views for reading members and naming
// types: see stdlib_view.hpp. Adding elements is in stdlib_elements.cpp.
#include <dwarf.h>

#include <array>
#include <utility>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

constexpr int max_base_nesting = 16;

}  // namespace

bool read_number(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                 std::uint64_t& out) {
    std::uint64_t size = 0;
    if (!member.has_type || !byte_size(const_cast<Dwarf_Die*>(&member.type), size) || size == 0 ||
        size > 8)
        return false;
    out = 0;
    return object.read(reader.target(), member.offset, &out, size) == ValueStatus::ok;
}

bool read_signed(const Reader& reader, const ObjectRef& object, const FoundMember& member,
                 std::int64_t& out) {
    std::uint64_t size = 0, raw = 0;
    if (!member.has_type || !byte_size(const_cast<Dwarf_Die*>(&member.type), size) || size == 0 ||
        size > 8 || object.read(reader.target(), member.offset, &raw, size) != ValueStatus::ok)
        return false;
    if (size < 8 && ((raw >> (size * 8 - 1)) & 1) != 0) raw |= ~std::uint64_t{0} << (size * 8);
    out = static_cast<std::int64_t>(raw);
    return true;
}

bool read_address(const Reader& reader, const ObjectRef& object, std::uint64_t offset,
                  std::uint64_t& out) {
    return object.read(reader.target(), offset, &out, sizeof out) == ValueStatus::ok;
}

bool pointee_of(const FoundMember& pointer, Dwarf_Die& out) {
    Dwarf_Die peeled;
    return pointer.has_type && peel(const_cast<Dwarf_Die*>(&pointer.type), peeled) &&
           dwarf_tag(&peeled) == DW_TAG_pointer_type && type_of(&peeled, out);
}

bool member_type_peeled(const FoundMember& member, Dwarf_Die& out) {
    return member.has_type && peel(const_cast<Dwarf_Die*>(&member.type), out);
}

bool find_path(Dwarf_Die* aggregate, std::initializer_list<std::string_view> names,
               FoundMember& out, bool last_pointer_only) {
    Dwarf_Die scope = *aggregate;
    std::uint64_t offset = 0;
    std::size_t i = 0;
    for (std::string_view name : names) {
        const bool last = ++i == names.size();
        FoundMember found;
        if (!find_member(&scope, name, found, last && last_pointer_only)) return false;
        offset += found.offset;
        if (last) {
            out = found;
            out.offset = offset;
            return true;
        }
        if (!member_type_peeled(found, scope)) return false;
    }
    return false;
}

bool template_argument(Dwarf_Die* die, int index, Dwarf_Die& out) {
    Dwarf_Die current = *die;
    for (int nesting = 0; nesting < max_base_nesting; ++nesting) {
        if (template_type_argument(&current, index, out)) return true;
        Dwarf_Die child, base;
        bool found = false;
        if (dwarf_child(&current, &child) == 0) {
            do {
                if (dwarf_tag(&child) == DW_TAG_inheritance && type_of(&child, base) &&
                    peel(&base, base)) {
                    found = true;
                    break;
                }
            } while (dwarf_siblingof(&child, &child) == 0);
        }
        if (!found) return false;
        current = base;
    }
    return false;
}

bool template_value(Dwarf_Die* die, int index, std::int64_t& out) {
    Dwarf_Die child;
    if (dwarf_child(die, &child) != 0) return false;
    int seen = 0;
    do {
        if (dwarf_tag(&child) != DW_TAG_template_value_parameter || seen++ != index) continue;
        Dwarf_Attribute attr;
        Dwarf_Sword value = 0;
        if (dwarf_attr(&child, DW_AT_const_value, &attr) == nullptr ||
            dwarf_formsdata(&attr, &value) != 0)
            return false;
        out = value;
        return true;
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

bool name_starts_with(Dwarf_Die* die, std::string_view prefix) {
    const char* name = dwarf_diename(die);
    return name != nullptr && std::string_view(name).starts_with(prefix);
}

bool find_base(Dwarf_Die* aggregate, std::string_view prefix, Dwarf_Die& out,
               std::uint64_t& offset) {
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    do {
        Dwarf_Die base;
        if (dwarf_tag(&child) == DW_TAG_inheritance && type_of(&child, base) && peel(&base, base) &&
            name_starts_with(&base, prefix) && member_offset(&child, offset)) {
            out = base;
            return true;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

void set_unreadable(Variable& v) {
    v.status = ValueStatus::unreadable;
    v.value = unreadable_text;
}

std::string abbreviated(std::string name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> spellings{{
        {"std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >",
         "std::string"},
        {"std::__cxx11::basic_string<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >",
         "std::wstring"},
        {"std::__cxx11::basic_string<char16_t, std::char_traits<char16_t>, std::allocator<char16_t> >",
         "std::u16string"},
        {"std::__cxx11::basic_string<char32_t, std::char_traits<char32_t>, std::allocator<char32_t> >",
         "std::u32string"},
        {"std::__cxx11::basic_string<char8_t, std::char_traits<char8_t>, std::allocator<char8_t> >",
         "std::u8string"},
        {"std::basic_string_view<char, std::char_traits<char> >", "std::string_view"},
        {"std::basic_string_view<wchar_t, std::char_traits<wchar_t> >", "std::wstring_view"},
        {"std::__1::basic_string<char, std::__1::char_traits<char>, std::__1::allocator<char> >",
         "std::string"},
        {"std::__1::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string"},
        {"std::__1::basic_string<wchar_t, std::__1::char_traits<wchar_t>, std::__1::allocator<wchar_t> >",
         "std::wstring"},
        {"std::__1::basic_string_view<char, std::__1::char_traits<char> >", "std::string_view"},
        {"std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>",
         "std::string"},
    }};
    for (const auto& [full, abbreviation] : spellings) {
        for (std::size_t at = name.find(full); at != std::string::npos;
             at = name.find(full, at + abbreviation.size())) {
            name.replace(at, full.size(), abbreviation);
            // "variant<int, std::string >": the space only kept two '>' apart.
            const std::size_t after = at + abbreviation.size();
            if (name.compare(after, 2, " >") == 0 && (after + 2 >= name.size() || name[after + 2] != '>'))
                name.erase(after, 1);
        }
    }
    return name;
}

bool member_typedef(Dwarf_Die* aggregate, std::string_view name, Dwarf_Die& out) {
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    do {
        const char* n = dwarf_diename(&child);
        if (dwarf_tag(&child) == DW_TAG_typedef && n != nullptr && name == n) return type_of(&child, out);
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

std::string display_name(Dwarf_Die* type) { return abbreviated(type_name(type)); }

std::string elements_text(std::uint64_t count) {
    return count == 1 ? "1 element" : std::to_string(count) + " elements";
}

std::string template_name(Dwarf_Die* die) {
    const char* name = dwarf_diename(die);
    if (name == nullptr) return {};
    const std::string_view n(name);
    return std::string(n.substr(0, n.find('<')));
}

}  // namespace capsule::values::stdlib

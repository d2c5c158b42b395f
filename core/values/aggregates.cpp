// Structs, classes, unions and arrays: children per member or element, and
// the gdb-like one-line summary built from them.
#include <dwarf.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "values/dwarf_types.hpp"
#include "values/reader.hpp"
#include "values/scalar_format.hpp"

namespace capsule::values {

namespace {

// A summary is a preview, not the data: the children hold the full values.
constexpr std::size_t summary_limit = 200;
// Strides beyond this come from corrupt DWARF, not from a real array.
constexpr std::uint64_t max_stride = std::uint64_t{1} << 40;

bool is_more_marker(const Variable& c) {
    return c.kind == "element" && c.name == "..." && c.status == ValueStatus::truncated;
}

bool is_anonymous(const Variable& c) { return c.name.rfind("<anonymous ", 0) == 0; }

// Cuts to at most `size` bytes without splitting a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t size) {
    if (text.size() <= size) return;
    while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
    text.resize(size);
}

struct BitField {
    std::uint64_t bit_position = 0;  // from the start of the containing object
    std::uint64_t bit_size = 0;
};

bool bit_field(Dwarf_Die* member, Dwarf_Die* member_type, BitField& out) {
    const int bits = dwarf_bitsize(member);
    if (bits <= 0) return false;
    out.bit_size = static_cast<std::uint64_t>(bits);
    Dwarf_Attribute attr;
    Dwarf_Word data_bit_offset = 0;
    if (dwarf_attr(member, DW_AT_data_bit_offset, &attr) != nullptr &&
        dwarf_formudata(&attr, &data_bit_offset) == 0) {
        out.bit_position = data_bit_offset;
        return true;
    }
    // DWARF 2/3: DW_AT_bit_offset counts from the most significant bit of a
    // storage unit of DW_AT_byte_size bytes at DW_AT_data_member_location.
    std::uint64_t location = 0;
    const int from_msb = dwarf_bitoffset(member);
    if (from_msb < 0 || !member_offset(member, location)) return false;
    Dwarf_Word storage = 0;
    if (dwarf_attr(member, DW_AT_byte_size, &attr) == nullptr ||
        dwarf_formudata(&attr, &storage) != 0) {
        std::uint64_t type_size = 0;
        if (!byte_size(member_type, type_size)) return false;
        storage = type_size;
    }
    const std::uint64_t unit_bits = storage * 8;
    if (unit_bits < static_cast<std::uint64_t>(from_msb) + out.bit_size) return false;
    out.bit_position = location * 8 + unit_bits - static_cast<std::uint64_t>(from_msb) - out.bit_size;
    return true;
}

bool is_signed_type(Dwarf_Die* peeled) {
    Dwarf_Die base = *peeled;
    if (dwarf_tag(&base) == DW_TAG_enumeration_type && !(type_of(peeled, base) && peel(&base, base)))
        return false;
    Dwarf_Attribute attr;
    Dwarf_Word encoding = 0;
    if (dwarf_attr(&base, DW_AT_encoding, &attr) == nullptr ||
        dwarf_formudata(&attr, &encoding) != 0)
        return false;
    return encoding == DW_ATE_signed || encoding == DW_ATE_signed_char;
}

// A virtual base sits where the object's vtable says: GCC describes it as
// an expression on the object's address (DW_OP_dup; DW_OP_deref; DW_OP_lit24;
// DW_OP_minus; DW_OP_deref; DW_OP_plus). Only that vocabulary is evaluated.
bool virtual_base_offset(Dwarf_Die* inheritance, const ObjectRef& object,
                         const target::Target& target, std::uint64_t& out) {
    constexpr std::size_t max_ops = 32;
    Dwarf_Attribute attr;
    Dwarf_Op* ops = nullptr;
    std::size_t count = 0;
    if (!object.has_address() ||
        dwarf_attr(inheritance, DW_AT_data_member_location, &attr) == nullptr ||
        dwarf_getlocation(&attr, &ops, &count) != 0 || count > max_ops)
        return false;
    std::vector<std::uint64_t> stack{object.address()};
    auto pop = [&stack](std::uint64_t& value) {
        if (stack.empty()) return false;
        value = stack.back();
        stack.pop_back();
        return true;
    };
    for (std::size_t i = 0; i < count; ++i) {
        const Dwarf_Op& op = ops[i];
        std::uint64_t a = 0, b = 0;
        if (op.atom >= DW_OP_lit0 && op.atom <= DW_OP_lit31) {
            stack.push_back(op.atom - DW_OP_lit0);
            continue;
        }
        switch (op.atom) {
        case DW_OP_dup:
            if (stack.empty()) return false;
            stack.push_back(stack.back());
            break;
        case DW_OP_deref:
            if (!pop(a) || !target.read(a, &b, sizeof b)) return false;
            stack.push_back(b);
            break;
        case DW_OP_const1u: case DW_OP_const2u: case DW_OP_const4u: case DW_OP_const8u:
        case DW_OP_constu: case DW_OP_const1s: case DW_OP_const2s: case DW_OP_const4s:
        case DW_OP_const8s: case DW_OP_consts:
            stack.push_back(op.number);
            break;
        case DW_OP_plus_uconst:
            if (!pop(a)) return false;
            stack.push_back(a + op.number);
            break;
        case DW_OP_minus:
        case DW_OP_plus:
            if (!pop(b) || !pop(a)) return false;
            stack.push_back(op.atom == DW_OP_plus ? a + b : a - b);
            break;
        default:
            return false;
        }
    }
    if (stack.empty()) return false;
    out = stack.back() - object.address();
    return true;
}

}  // namespace

std::string Reader::summarize(const Variable& v, bool brace_names) {
    if (brace_names && v.children.empty() && v.status == ValueStatus::ok)
        return "{<No data fields>}";
    std::string out = "{";
    bool first = true;
    bool marked = false;
    for (const Variable& c : v.children) {
        if (is_more_marker(c)) {
            out += "...";
            marked = true;
            break;
        }
        if (!first) out += ", ";
        first = false;
        if (!brace_names || is_anonymous(c))
            out += c.value;
        else if (c.kind == "base")
            out += "<" + c.name + "> = " + c.value;
        else
            out += c.name + " = " + c.value;
        if (out.size() > summary_limit) {
            cut_utf8(out, summary_limit);
            out += "...";
            marked = true;
            break;
        }
    }
    // Children cut by the value budget: say so the way gdb marks a limit.
    if (!marked && v.status == ValueStatus::truncated) out += "...";
    return out + "}";
}

void Reader::fill_aggregate(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                            const char* note) {
    if (!may_descend(level)) return mark_too_deep(v);
    std::uint64_t size = 0;
    byte_size(peeled, size);
    const ObjectRef self = object.cached(target(), size);
    if (const ValueStatus status = probe(self); status != ValueStatus::ok)
        return set_absent(v, status);
    const Level next{level.depth + 1, level.pointers};

    Dwarf_Die child;
    bool more = dwarf_child(peeled, &child) == 0;
    for (; more; more = dwarf_siblingof(&child, &child) == 0) {
        const int tag = dwarf_tag(&child);
        if (tag != DW_TAG_member && tag != DW_TAG_inheritance) continue;
        // DWARF 4 static members: declarations inside the class, no storage here.
        if (tag == DW_TAG_member &&
            (has_flag(&child, DW_AT_external) || has_flag(&child, DW_AT_declaration)))
            continue;
        Dwarf_Die member_type;
        const bool typed = type_of(&child, member_type);
        std::string name;
        if (tag == DW_TAG_inheritance) {
            name = typed ? type_name(&member_type) : "?";
        } else if (const char* n = dwarf_diename(&child); n != nullptr) {
            name = n;
        } else {
            Dwarf_Die p;
            const bool is_union = typed && peel(&member_type, p) && dwarf_tag(&p) == DW_TAG_union_type;
            name = is_union ? "<anonymous union>" : "<anonymous struct>";
        }
        Variable* c = add_child(v, name, tag == DW_TAG_inheritance ? "base" : "member");
        if (c == nullptr) break;
        c->type = typed ? type_name(&member_type) : "void";

        BitField field;
        if (tag == DW_TAG_member && typed && bit_field(&child, &member_type, field)) {
            fill_bit_field(&member_type, self, field.bit_position, field.bit_size, *c);
            continue;
        }
        std::uint64_t offset = 0;
        if (!typed || !(member_offset(&child, offset) ||
                        (tag == DW_TAG_inheritance &&
                         virtual_base_offset(&child, self, target(), offset)))) {
            set_absent(*c, ValueStatus::not_implemented);
            continue;
        }
        fill_child(&member_type, self.at(offset), next, *c);
    }
    v.value = summarize(v, true);
    if (note != nullptr) v.value = std::string(note) + " " + v.value;
}

void Reader::fill_bit_field(Dwarf_Die* member_type, const ObjectRef& object,
                            std::uint64_t bit_position, std::uint64_t bit_size, Variable& v) {
    Dwarf_Die peeled;
    std::uint64_t type_size = 0;
    if (!peel(member_type, peeled) || !byte_size(&peeled, type_size) || type_size == 0 ||
        type_size > 8 || bit_size > 64)
        return set_absent(v, ValueStatus::not_implemented);
    if (object.has_address()) v.address = object.address() + bit_position / 8;
    const std::uint64_t first_byte = bit_position / 8;
    const std::uint64_t shift = bit_position % 8;
    const std::size_t span = static_cast<std::size_t>((shift + bit_size + 7) / 8);
    std::uint8_t raw[9] = {};
    const ValueStatus status = object.read(target(), first_byte, raw, span);
    if (status != ValueStatus::ok) return set_absent(v, status);
    unsigned __int128 bits = 0;
    for (std::size_t i = span; i > 0; --i) bits = (bits << 8) | raw[i - 1];
    std::uint64_t value = static_cast<std::uint64_t>(bits >> shift);
    if (bit_size < 64) {
        value &= (std::uint64_t{1} << bit_size) - 1;
        if (is_signed_type(&peeled) && ((value >> (bit_size - 1)) & 1) != 0)
            value |= ~std::uint64_t{0} << bit_size;
    }
    std::uint8_t bytes[8];
    std::memcpy(bytes, &value, sizeof bytes);
    v.value = dwarf_tag(&peeled) == DW_TAG_enumeration_type ? format_enum(&peeled, bytes, type_size)
                                                            : format_base(&peeled, bytes, type_size);
}

void Reader::fill_array(Dwarf_Die* array, std::size_t dimension, const ObjectRef& object,
                        Level level, Variable& v) {
    const std::vector<std::uint64_t> dims = array_dimensions(array);
    Dwarf_Die element;
    std::uint64_t element_size = 0;
    if (dimension >= dims.size() || !type_of(array, element) ||
        !byte_size(&element, element_size))
        return set_absent(v, ValueStatus::not_implemented);
    const bool innermost = dimension + 1 == dims.size();
    std::uint64_t stride = element_size;
    for (std::size_t d = dimension + 1; d < dims.size(); ++d) {
        stride *= dims[d];
        if (stride > max_stride) return set_absent(v, ValueStatus::not_implemented);
    }
    const std::uint64_t count = dims[dimension];

    Dwarf_Die element_peeled;
    CharType chars;
    if (innermost && peel(&element, element_peeled) && char_type(&element_peeled, chars) &&
        static_cast<std::uint64_t>(chars.unit_size) == element_size)
        return fill_char_array(chars, count, object, v);

    if (!may_descend(level)) return mark_too_deep(v);
    const std::uint64_t shown = std::min<std::uint64_t>(count, bounds().max_items);
    const ObjectRef self = object.cached(target(), shown * stride);
    if (const ValueStatus status = probe(self); shown > 0 && status != ValueStatus::ok)
        return set_absent(v, status);
    const std::string element_name =
        innermost ? type_name(&element) : array_type_name(array, dimension + 1);
    const Level next{level.depth + 1, level.pointers};
    for (std::uint64_t i = 0; i < shown; ++i) {
        const std::string index = "[" + std::to_string(i) + "]";
        Variable* c = add_child(v, index, "element");
        if (c == nullptr) break;
        c->type = element_name;
        const ObjectRef item = self.at(i * stride);
        if (innermost) {
            fill_child(&element, item, next, *c);
        } else {
            if (item.has_address()) c->address = item.address();
            Descent descent(*this, *c);
            fill_array(array, dimension + 1, item, next, *c);
        }
    }
    if (count > shown && v.children.size() == shown) add_more_marker(v, count - shown);
    v.value = summarize(v, false);
}

void Reader::fill_char_array(const CharType& element, std::uint64_t count, const ObjectRef& object,
                             Variable& v) {
    const std::uint64_t shown = std::min<std::uint64_t>(count, bounds().max_string_bytes);
    const auto unit = static_cast<std::size_t>(element.unit_size);
    std::vector<std::uint8_t> raw(shown * unit);
    if (const ValueStatus status = object.read(target(), 0, raw.data(), raw.size());
        status != ValueStatus::ok)
        return set_absent(v, status);
    const bool cut = count > shown;
    std::vector<std::uint32_t> units(shown);
    for (std::size_t i = 0; i < shown; ++i) {
        std::uint32_t u = 0;
        std::memcpy(&u, raw.data() + i * unit, unit);
        units[i] = u;
    }
    // gdb drops one terminating NUL of a char array it prints whole.
    if (!cut && !units.empty() && units.back() == 0) units.pop_back();
    if (cut) v.status = ValueStatus::truncated;
    if (unit == 1) {
        v.value = quote_bytes(std::string_view(reinterpret_cast<const char*>(raw.data()),
                                               units.size()),
                              element, cut);
    } else {
        v.value = quote_units(units, element, cut);
    }
}

}  // namespace capsule::values

#include <dwarf.h>

#include <cstring>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

Location constant(Dwarf_Attribute* attr) {
    Location location;
    Piece piece;
    piece.kind = Piece::Kind::bytes;
    Dwarf_Block block;
    Dwarf_Sword signed_value = 0;
    Dwarf_Word unsigned_value = 0;
    switch (dwarf_whatform(attr)) {
        case DW_FORM_block: case DW_FORM_block1: case DW_FORM_block2: case DW_FORM_block4:
        case DW_FORM_data16:
            if (dwarf_formblock(attr, &block) != 0) break;
            piece.bytes.assign(block.data, block.data + block.length);
            break;
        case DW_FORM_sdata: case DW_FORM_implicit_const:
            if (dwarf_formsdata(attr, &signed_value) != 0) break;
            piece.bytes.resize(8);
            std::memcpy(piece.bytes.data(), &signed_value, 8);
            break;
        case DW_FORM_string: case DW_FORM_strp: case DW_FORM_line_strp: case DW_FORM_strx:
        case DW_FORM_strx1: case DW_FORM_strx2: case DW_FORM_strx3: case DW_FORM_strx4:
            if (const char* text = dwarf_formstring(attr))
                piece.bytes.assign(text, text + std::strlen(text) + 1);
            break;
        default:
            // data1..data8, udata: DWARF gives no sign; the type decides how to read it.
            if (dwarf_formudata(attr, &unsigned_value) != 0) break;
            piece.bytes.resize(8);
            std::memcpy(piece.bytes.data(), &unsigned_value, 8);
            break;
    }
    if (piece.bytes.empty())
        return Location::unavailable(ValueStatus::not_implemented, "unreadable constant value");
    location.pieces.push_back(std::move(piece));
    return location;
}

}  // namespace

Location locate_variable(Dwarf_Die* variable, const FrameEnv& env) {
    Dwarf_Attribute attr;
    // The location is on the concrete DIE; an abstract origin has none.
    if (dwarf_attr(variable, DW_AT_location, &attr)) {
        Dwarf_Op* ops = nullptr;
        size_t count = 0;
        int n = dwarf_getlocation_addr(&attr, env.dwarf_pc(), &ops, &count, 1);
        if (n == 0) return Location::unavailable(ValueStatus::optimized_out, "no location at this pc");
        if (n < 0)
            return Location::unavailable(ValueStatus::not_implemented,
                                         std::string("location: ") + dwarf_errmsg(-1));
        return evaluate_location(ops, count, &attr, env);
    }
    if (dwarf_attr_integrate(variable, DW_AT_const_value, &attr)) return constant(&attr);
    return Location::unavailable(ValueStatus::optimized_out, "no location");
}

}  // namespace capsule::dwarf

namespace capsule::dwarf {

namespace {

// Where a call enters the function. libdw knows DW_AT_entry_pc and
// DW_AT_low_pc; a function split into hot and cold parts (GCC -O2) has only
// DW_AT_ranges, whose first range starts at the entry, as gdb takes it.
bool function_entry(Dwarf_Die* function, Dwarf_Addr& entry) {
    if (dwarf_entrypc(function, &entry) == 0) return true;
    Dwarf_Addr base = 0, low = 0, high = 0;
    if (dwarf_ranges(function, 0, &base, &low, &high) <= 0) return false;
    entry = low;
    return true;
}

}  // namespace

Location locate_parameter_at_entry(Dwarf_Die* parameter, Dwarf_Die* function, const FrameEnv& env) {
    Dwarf_Addr entry = 0;
    Dwarf_Attribute attr;
    if (!function || !function_entry(function, entry) ||
        !dwarf_attr(parameter, DW_AT_location, &attr))
        return Location::unavailable(ValueStatus::optimized_out, "no entry location");
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_getlocation_addr(&attr, entry, &ops, &count, 1) <= 0 || count != 1)
        return Location::unavailable(ValueStatus::optimized_out, "no entry location");
    std::uint64_t value = 0;
    std::string why;
    if (!resolve_entry_value(ops, count, env, value, why))
        return Location::unavailable(ValueStatus::optimized_out, why);
    Location location;
    Piece piece;
    piece.kind = Piece::Kind::bytes;
    piece.bytes.resize(8);
    std::memcpy(piece.bytes.data(), &value, 8);
    location.pieces.push_back(std::move(piece));
    location.note = "value on entry";
    return location;
}

}  // namespace capsule::dwarf

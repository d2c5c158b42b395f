// Where a variable's bytes are, as the DWARF expression evaluator found them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::dwarf {

// One contiguous part of an object. Most objects are one piece in memory; at
// -O2 a struct may be split over registers and stack (DW_OP_piece).
struct Piece {
    enum class Kind { memory, bytes, unavailable };
    Kind kind = Kind::unavailable;
    std::uint64_t address = 0;        // memory: where in the target
    std::vector<std::uint8_t> bytes;  // bytes: register contents, stack_value, implicit_value
    std::uint64_t size_bits = 0;      // 0: the whole object (no DW_OP_piece)
    std::uint64_t bit_offset = 0;     // DW_OP_bit_piece offset into the source
};

struct Location {
    std::vector<Piece> pieces;
    ValueStatus status = ValueStatus::ok;  // optimized_out / unreadable / not_implemented
    std::string note;                      // why, when status is not ok

    // DW_OP_implicit_pointer: the value is a pointer to another DIE's object.
    bool implicit_pointer = false;
    std::uint64_t implicit_target_die = 0;  // global DIE offset
    std::int64_t implicit_offset = 0;

    bool in_memory() const { return pieces.size() == 1 && pieces[0].kind == Piece::Kind::memory; }
    std::uint64_t address() const { return in_memory() ? pieces[0].address : 0; }
    static Location unavailable(ValueStatus why, std::string note = {}) {
        Location l;
        l.status = why;
        l.note = std::move(note);
        return l;
    }
    static Location memory(std::uint64_t address) {
        Location l;
        Piece p;
        p.kind = Piece::Kind::memory;
        p.address = address;
        l.pieces.push_back(p);
        return l;
    }
};

}  // namespace capsule::dwarf

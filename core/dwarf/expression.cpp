#include "dwarf/expression.hpp"

#include <dwarf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace capsule::dwarf {
namespace {

// What the current piece's description has said so far.
enum class Pending { stack_top_is_address, reg, value, implicit, implicit_pointer };

std::vector<std::uint8_t> little_endian(std::uint64_t value) {
    std::vector<std::uint8_t> bytes(8);
    std::memcpy(bytes.data(), &value, 8);
    return bytes;
}

class Machine {
public:
    Machine(const FrameEnv& env, Dwarf_Attribute* attr) : env_(env), attr_(attr) {}

    ValueStatus status = ValueStatus::ok;
    std::string why;
    Location result;

    // Runs the ops; on success `result` holds the location (pieces, or one
    // whole-object piece).
    bool run(const Dwarf_Op* ops, std::size_t count) {
        int budget = max_expression_ops;
        for (std::size_t i = 0; i < count; ++i) {
            if (--budget < 0) return fail(ValueStatus::not_implemented, "expression too long");
            const Dwarf_Op& op = ops[i];
            std::size_t jump_to = std::size_t(-1);
            if (!step(op, ops, count, jump_to)) return false;
            if (jump_to != std::size_t(-1)) i = jump_to - 1;  // the loop increments
        }
        if (!pieces_started_) return finish_piece(0, 0, true);
        return true;
    }

    bool fail(ValueStatus s, std::string message) {
        status = s;
        why = std::move(message);
        return false;
    }

private:
    bool pop(std::uint64_t& v) {
        if (stack_.empty()) return fail(ValueStatus::not_implemented, "DWARF stack underflow");
        v = stack_.back();
        stack_.pop_back();
        return true;
    }

    bool register_value(int regno, std::uint64_t& out) {
        if (env_.frame && env_.frame->registers.get(regno, out)) return true;
        return fail(ValueStatus::optimized_out,
                    "register " + std::to_string(regno) + " is not saved in this frame");
    }

    bool read(std::uint64_t address, std::size_t size, std::uint64_t& out) {
        out = 0;
        if (size > 8) return fail(ValueStatus::not_implemented, "deref wider than 8 bytes");
        if (!env_.target || !env_.target->read(address, &out, size)) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "cannot read memory at 0x%llx",
                          static_cast<unsigned long long>(address));
            return fail(ValueStatus::unreadable, buffer);
        }
        return true;
    }

    bool finish_piece(std::uint64_t size_bits, std::uint64_t bit_offset, bool whole) {
        Piece piece;
        piece.size_bits = size_bits;
        piece.bit_offset = bit_offset;
        switch (pending_) {
            case Pending::stack_top_is_address:
                if (stack_.empty()) {
                    piece.kind = Piece::Kind::unavailable;  // an empty piece: optimized out
                } else {
                    piece.kind = Piece::Kind::memory;
                    piece.address = stack_.back();
                }
                break;
            case Pending::reg: {
                std::uint64_t v = 0;
                if (env_.frame && env_.frame->registers.get(pending_reg_, v)) {
                    piece.kind = Piece::Kind::bytes;
                    piece.bytes = little_endian(v);
                } else {
                    piece.kind = Piece::Kind::unavailable;
                }
                break;
            }
            case Pending::value:
                if (stack_.empty()) return fail(ValueStatus::not_implemented, "stack_value on empty stack");
                piece.kind = Piece::Kind::bytes;
                piece.bytes = little_endian(stack_.back());
                break;
            case Pending::implicit:
                piece.kind = Piece::Kind::bytes;
                piece.bytes = implicit_bytes_;
                break;
            case Pending::implicit_pointer:
                if (!whole) return fail(ValueStatus::not_implemented, "implicit pointer in a piece");
                result.implicit_pointer = true;
                result.implicit_target_die = implicit_die_;
                result.implicit_offset = implicit_offset_;
                return true;
        }
        if (whole && piece.kind == Piece::Kind::unavailable)
            return fail(ValueStatus::optimized_out, "register not saved in this frame");
        result.pieces.push_back(std::move(piece));
        pending_ = Pending::stack_top_is_address;
        stack_.clear();
        return true;
    }

    bool jump(const Dwarf_Op* ops, std::size_t count, const Dwarf_Op& op, std::size_t& jump_to) {
        // Offsets are relative to the byte after this 3-byte op.
        Dwarf_Word target = op.offset + 3 + static_cast<std::int16_t>(op.number);
        for (std::size_t k = 0; k <= count; ++k) {
            Dwarf_Word at = k < count ? ops[k].offset : ops[count - 1].offset + 1;
            if (at == target) {
                jump_to = k;
                return true;
            }
        }
        return fail(ValueStatus::not_implemented, "branch into the middle of an operation");
    }

    bool step(const Dwarf_Op& op, const Dwarf_Op* ops, std::size_t count, std::size_t& jump_to) {
        std::uint64_t a = 0, b = 0;
        const auto atom = op.atom;
        if (atom >= DW_OP_lit0 && atom <= DW_OP_lit31) {
            stack_.push_back(atom - DW_OP_lit0);
            return true;
        }
        if (atom >= DW_OP_reg0 && atom <= DW_OP_reg31) {
            pending_ = Pending::reg;
            pending_reg_ = atom - DW_OP_reg0;
            return true;
        }
        if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31) {
            if (!register_value(atom - DW_OP_breg0, a)) return false;
            stack_.push_back(a + op.number);
            return true;
        }
        switch (atom) {
            case DW_OP_nop:
                return true;
            case DW_OP_addr:
                stack_.push_back(op.number + env_.bias());
                return true;
            case DW_OP_addrx:
            case DW_OP_GNU_addr_index:
            case DW_OP_constx:
            case DW_OP_GNU_const_index: {
                Dwarf_Attribute indexed;
                Dwarf_Addr address = 0;
                if (!attr_ || dwarf_getlocation_attr(attr_, &op, &indexed) != 0 ||
                    dwarf_formaddr(&indexed, &address) != 0)
                    return fail(ValueStatus::not_implemented, "unresolvable address index");
                bool is_address = atom == DW_OP_addrx || atom == DW_OP_GNU_addr_index;
                stack_.push_back(address + (is_address ? env_.bias() : 0));
                return true;
            }
            case DW_OP_const1u: case DW_OP_const2u: case DW_OP_const4u: case DW_OP_const8u:
            case DW_OP_constu:
            case DW_OP_const1s: case DW_OP_const2s: case DW_OP_const4s: case DW_OP_const8s:
            case DW_OP_consts:
                stack_.push_back(op.number);
                return true;
            case DW_OP_dup:
                if (stack_.empty()) return fail(ValueStatus::not_implemented, "dup on empty stack");
                stack_.push_back(stack_.back());
                return true;
            case DW_OP_drop:
                return pop(a);
            case DW_OP_over:
                if (stack_.size() < 2) return fail(ValueStatus::not_implemented, "over: stack too small");
                stack_.push_back(stack_[stack_.size() - 2]);
                return true;
            case DW_OP_pick:
                if (op.number >= stack_.size()) return fail(ValueStatus::not_implemented, "pick out of range");
                stack_.push_back(stack_[stack_.size() - 1 - op.number]);
                return true;
            case DW_OP_swap:
                if (stack_.size() < 2) return fail(ValueStatus::not_implemented, "swap: stack too small");
                std::swap(stack_[stack_.size() - 1], stack_[stack_.size() - 2]);
                return true;
            case DW_OP_rot:
                if (stack_.size() < 3) return fail(ValueStatus::not_implemented, "rot: stack too small");
                std::rotate(stack_.end() - 3, stack_.end() - 1, stack_.end());
                return true;
            case DW_OP_deref:
                if (!pop(a) || !read(a, 8, b)) return false;
                stack_.push_back(b);
                return true;
            case DW_OP_deref_size:
            case DW_OP_deref_type:
            case DW_OP_GNU_deref_type:
                if (!pop(a) || !read(a, op.number, b)) return false;
                stack_.push_back(b);
                return true;
            case DW_OP_abs:
                if (!pop(a)) return false;
                stack_.push_back(static_cast<std::int64_t>(a) < 0 ? -a : a);
                return true;
            case DW_OP_neg:
                if (!pop(a)) return false;
                stack_.push_back(-a);
                return true;
            case DW_OP_not:
                if (!pop(a)) return false;
                stack_.push_back(~a);
                return true;
            case DW_OP_plus_uconst:
                if (!pop(a)) return false;
                stack_.push_back(a + op.number);
                return true;
            case DW_OP_and: case DW_OP_div: case DW_OP_minus: case DW_OP_mod: case DW_OP_mul:
            case DW_OP_or: case DW_OP_plus: case DW_OP_shl: case DW_OP_shr: case DW_OP_shra:
            case DW_OP_xor: case DW_OP_eq: case DW_OP_ge: case DW_OP_gt: case DW_OP_le:
            case DW_OP_lt: case DW_OP_ne:
                if (!pop(b) || !pop(a)) return false;
                return binary(atom, a, b);
            case DW_OP_skip:
                return jump(ops, count, op, jump_to);
            case DW_OP_bra:
                if (!pop(a)) return false;
                return a != 0 ? jump(ops, count, op, jump_to) : true;
            case DW_OP_regx:
                pending_ = Pending::reg;
                pending_reg_ = static_cast<int>(op.number);
                return true;
            case DW_OP_bregx:
                if (!register_value(static_cast<int>(op.number), a)) return false;
                stack_.push_back(a + op.number2);
                return true;
            case DW_OP_regval_type:
            case DW_OP_GNU_regval_type:
                if (!register_value(static_cast<int>(op.number), a)) return false;
                stack_.push_back(a);
                return true;
            case DW_OP_fbreg: {
                auto base = frame_base(env_);
                if (!base) return fail(ValueStatus::optimized_out, "frame base unknown");
                stack_.push_back(*base + op.number);
                return true;
            }
            case DW_OP_call_frame_cfa: {
                auto cfa = frame_cfa(env_);
                if (!cfa) return fail(ValueStatus::optimized_out, "CFA unknown");
                stack_.push_back(*cfa);
                return true;
            }
            case DW_OP_piece:
                pieces_started_ = true;
                return finish_piece(op.number * 8, 0, false);
            case DW_OP_bit_piece:
                pieces_started_ = true;
                return finish_piece(op.number, op.number2, false);
            case DW_OP_stack_value:
                pending_ = Pending::value;
                return true;
            case DW_OP_implicit_value: {
                Dwarf_Block block;
                if (!attr_ || dwarf_getlocation_implicit_value(attr_, &op, &block) != 0)
                    return fail(ValueStatus::not_implemented, "implicit value unreadable");
                implicit_bytes_.assign(block.data, block.data + block.length);
                pending_ = Pending::implicit;
                return true;
            }
            case DW_OP_const_type:
            case DW_OP_GNU_const_type: {
                Dwarf_Attribute constant;
                Dwarf_Block block;
                if (!attr_ || dwarf_getlocation_attr(attr_, &op, &constant) != 0 ||
                    dwarf_formblock(&constant, &block) != 0)
                    return fail(ValueStatus::not_implemented, "typed constant unreadable");
                std::uint64_t v = 0;
                std::memcpy(&v, block.data, std::min<std::size_t>(block.length, 8));
                stack_.push_back(v);
                return true;
            }
            case DW_OP_convert:
            case DW_OP_GNU_convert:
            case DW_OP_reinterpret:
            case DW_OP_GNU_reinterpret:
                // Integer conversions between the generic type and base types
                // of at most 8 bytes keep the bits we hold.
                return true;
            case DW_OP_implicit_pointer:
            case DW_OP_GNU_implicit_pointer:
                pending_ = Pending::implicit_pointer;
                implicit_die_ = op.number;
                implicit_offset_ = static_cast<std::int64_t>(op.number2);
                return true;
            case DW_OP_entry_value:
            case DW_OP_GNU_entry_value: {
                Dwarf_Attribute inner;
                Dwarf_Op* inner_ops = nullptr;
                std::size_t inner_count = 0;
                if (!attr_ || dwarf_getlocation_attr(attr_, &op, &inner) != 0 ||
                    dwarf_getlocation(&inner, &inner_ops, &inner_count) != 0)
                    return fail(ValueStatus::optimized_out, "entry value unreadable");
                std::string reason;
                if (!resolve_entry_value(inner_ops, inner_count, env_, a, reason))
                    return fail(ValueStatus::optimized_out, reason);
                stack_.push_back(a);
                return true;
            }
            case DW_OP_form_tls_address:
            case DW_OP_GNU_push_tls_address:
                return fail(ValueStatus::not_implemented, "thread-local storage");
            default: {
                char buffer[48];
                std::snprintf(buffer, sizeof buffer, "DWARF operation 0x%x", atom);
                return fail(ValueStatus::not_implemented, buffer);
            }
        }
    }

    bool binary(int atom, std::uint64_t a, std::uint64_t b) {
        auto sa = static_cast<std::int64_t>(a), sb = static_cast<std::int64_t>(b);
        std::uint64_t r = 0;
        switch (atom) {
            case DW_OP_and: r = a & b; break;
            case DW_OP_or: r = a | b; break;
            case DW_OP_xor: r = a ^ b; break;
            case DW_OP_plus: r = a + b; break;
            case DW_OP_minus: r = a - b; break;
            case DW_OP_mul: r = a * b; break;
            case DW_OP_div:
                if (b == 0) return fail(ValueStatus::not_implemented, "division by zero");
                r = static_cast<std::uint64_t>(sa / sb);
                break;
            case DW_OP_mod:
                if (b == 0) return fail(ValueStatus::not_implemented, "division by zero");
                r = a % b;
                break;
            case DW_OP_shl: r = b >= 64 ? 0 : a << b; break;
            case DW_OP_shr: r = b >= 64 ? 0 : a >> b; break;
            case DW_OP_shra: r = static_cast<std::uint64_t>(b >= 64 ? (sa < 0 ? -1 : 0) : sa >> b); break;
            case DW_OP_eq: r = sa == sb; break;
            case DW_OP_ne: r = sa != sb; break;
            case DW_OP_lt: r = sa < sb; break;
            case DW_OP_le: r = sa <= sb; break;
            case DW_OP_gt: r = sa > sb; break;
            case DW_OP_ge: r = sa >= sb; break;
        }
        stack_.push_back(r);
        return true;
    }

    const FrameEnv& env_;
    Dwarf_Attribute* attr_;
    std::vector<std::uint64_t> stack_;
    Pending pending_ = Pending::stack_top_is_address;
    int pending_reg_ = 0;
    bool pieces_started_ = false;
    std::vector<std::uint8_t> implicit_bytes_;
    std::uint64_t implicit_die_ = 0;
    std::int64_t implicit_offset_ = 0;
};

}  // namespace

Location evaluate_location(const Dwarf_Op* ops, std::size_t count, Dwarf_Attribute* attr,
                           const FrameEnv& env) {
    if (count == 0) return Location::unavailable(ValueStatus::optimized_out, "empty location");
    Machine machine(env, attr);
    if (!machine.run(ops, count)) return Location::unavailable(machine.status, machine.why);
    return std::move(machine.result);
}

bool evaluate_value(const Dwarf_Op* ops, std::size_t count, Dwarf_Attribute* attr,
                    const FrameEnv& env, std::uint64_t& out, std::string& why) {
    if (count == 0) {
        why = "empty expression";
        return false;
    }
    Machine machine(env, attr);
    if (!machine.run(ops, count)) {
        why = machine.why;
        return false;
    }
    // As a whole-object location, the stack top reads as a memory address and a
    // register name as the register's bytes: either way that is the value.
    const Location& location = machine.result;
    if (location.pieces.size() == 1) {
        const Piece& piece = location.pieces[0];
        if (piece.kind == Piece::Kind::memory) {
            out = piece.address;
            return true;
        }
        if (piece.kind == Piece::Kind::bytes && piece.bytes.size() >= 8) {
            std::memcpy(&out, piece.bytes.data(), 8);
            return true;
        }
    }
    why = "expression does not yield a value";
    return false;
}

}  // namespace capsule::dwarf

// The DWARF expression evaluator on hand-built operation lists: what GCC and
// Clang emit, and what hostile DWARF could contain.
#include <dwarf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

// Memory is a map of 8-byte words; anything else is unreadable.
class FakeTarget final : public target::Target {
public:
    std::map<std::uint64_t, std::uint64_t> words;
    pid_t pid() const override { return 1; }
    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        auto* bytes = static_cast<unsigned char*>(out);
        for (std::size_t i = 0; i < size; ++i) {
            std::uint64_t a = address + i;
            auto it = words.find(a & ~std::uint64_t{7});
            if (it == words.end()) return false;
            bytes[i] = static_cast<unsigned char>(it->second >> (8 * (a & 7)));
        }
        return true;
    }
    std::vector<target::ThreadInfo> threads() const override { return {}; }
    bool registers(pid_t, target::Registers&) const override { return false; }
    const char* path_name() const override { return "fake"; }
};

struct Fixture : ::testing::Test {
    FakeTarget memory;
    unwind::PhysicalFrame frame;
    FrameEnv env;

    void SetUp() override {
        frame.activation = true;
        frame.registers.set(3, 0x1000);  // rbx
        frame.registers.set(7, 0x7000);  // rsp
        memory.words[0x1000] = 0x1122334455667788ULL;
        memory.words[0x1008] = 42;
        env.target = &memory;
        env.frame = &frame;
    }

    static Dwarf_Op op(std::uint8_t atom, Dwarf_Word number = 0, Dwarf_Word number2 = 0,
                       Dwarf_Word offset = 0) {
        Dwarf_Op o{};
        o.atom = atom;
        o.number = number;
        o.number2 = number2;
        o.offset = offset;
        return o;
    }

    std::uint64_t value_of(std::vector<Dwarf_Op> ops) {
        std::uint64_t out = 0;
        std::string why;
        EXPECT_TRUE(evaluate_value(ops.data(), ops.size(), nullptr, env, out, why)) << why;
        return out;
    }
};

TEST_F(Fixture, ConstantsAndArithmetic) {
    EXPECT_EQ(value_of({op(DW_OP_lit5), op(DW_OP_const1u, 7), op(DW_OP_plus)}), 12u);
    EXPECT_EQ(value_of({op(DW_OP_consts, static_cast<Dwarf_Word>(-3)), op(DW_OP_lit2), op(DW_OP_mul)}),
              static_cast<std::uint64_t>(-6));
    EXPECT_EQ(value_of({op(DW_OP_lit7), op(DW_OP_lit2), op(DW_OP_minus)}), 5u);
    EXPECT_EQ(value_of({op(DW_OP_consts, static_cast<Dwarf_Word>(-8)), op(DW_OP_lit2), op(DW_OP_shra)}),
              static_cast<std::uint64_t>(-2));
    EXPECT_EQ(value_of({op(DW_OP_lit1), op(DW_OP_lit2), op(DW_OP_swap), op(DW_OP_minus)}), 1u);
    EXPECT_EQ(value_of({op(DW_OP_lit3), op(DW_OP_lit4), op(DW_OP_lt)}), 1u);
    EXPECT_EQ(value_of({op(DW_OP_lit9), op(DW_OP_plus_uconst, 100)}), 109u);
}

TEST_F(Fixture, RegistersAndMemory) {
    EXPECT_EQ(value_of({op(DW_OP_breg3, 8), op(DW_OP_deref)}), 42u);
    EXPECT_EQ(value_of({op(DW_OP_bregx, 3, 0), op(DW_OP_deref_size, 2)}), 0x7788u);
    // A register name as a value is the register's contents.
    EXPECT_EQ(value_of({op(DW_OP_reg3)}), 0x1000u);
}

TEST_F(Fixture, MemoryLocationOfAVariable) {
    std::vector<Dwarf_Op> ops = {op(DW_OP_breg7, 16)};
    Location l = evaluate_location(ops.data(), ops.size(), nullptr, env);
    ASSERT_EQ(l.status, ValueStatus::ok);
    ASSERT_TRUE(l.in_memory());
    EXPECT_EQ(l.address(), 0x7010u);
}

TEST_F(Fixture, PiecesFromRegisterStackValueAndNothing) {
    // struct { int a; int b; int c; }: a in rbx, b a constant, c optimized out.
    std::vector<Dwarf_Op> ops = {op(DW_OP_reg3),  op(DW_OP_piece, 4),       op(DW_OP_lit9),
                                 op(DW_OP_stack_value), op(DW_OP_piece, 4), op(DW_OP_piece, 4)};
    Location l = evaluate_location(ops.data(), ops.size(), nullptr, env);
    ASSERT_EQ(l.status, ValueStatus::ok) << l.note;
    ASSERT_EQ(l.pieces.size(), 3u);
    EXPECT_EQ(l.pieces[0].kind, Piece::Kind::bytes);
    EXPECT_EQ(l.pieces[0].size_bits, 32u);
    std::uint32_t a = 0;
    std::memcpy(&a, l.pieces[0].bytes.data(), 4);
    EXPECT_EQ(a, 0x1000u);
    EXPECT_EQ(l.pieces[1].bytes[0], 9);
    EXPECT_EQ(l.pieces[2].kind, Piece::Kind::unavailable);
}

TEST_F(Fixture, UnknownRegisterIsOptimizedOutNotZero) {
    std::vector<Dwarf_Op> ops = {op(DW_OP_reg0)};  // rax: not known in this frame
    Location l = evaluate_location(ops.data(), ops.size(), nullptr, env);
    EXPECT_EQ(l.status, ValueStatus::optimized_out);
    std::vector<Dwarf_Op> base = {op(DW_OP_breg1, 4)};
    EXPECT_EQ(evaluate_location(base.data(), base.size(), nullptr, env).status,
              ValueStatus::optimized_out);
}

TEST_F(Fixture, UnreadableMemoryIsReportedNotRead) {
    std::vector<Dwarf_Op> ops = {op(DW_OP_const8u, 0xdead0000), op(DW_OP_deref)};
    Location l = evaluate_location(ops.data(), ops.size(), nullptr, env);
    EXPECT_EQ(l.status, ValueStatus::unreadable);
    EXPECT_NE(l.note.find("0xdead0000"), std::string::npos);
}

TEST_F(Fixture, HostileExpressionsFailCleanly) {
    std::vector<Dwarf_Op> underflow = {op(DW_OP_plus)};
    EXPECT_EQ(evaluate_location(underflow.data(), 1, nullptr, env).status, ValueStatus::not_implemented);
    std::vector<Dwarf_Op> divide = {op(DW_OP_lit1), op(DW_OP_lit0), op(DW_OP_div)};
    EXPECT_EQ(evaluate_location(divide.data(), 3, nullptr, env).status, ValueStatus::not_implemented);
    // An endless loop: "skip -3" jumps back onto itself; the op budget ends it.
    std::vector<Dwarf_Op> loop = {op(DW_OP_skip, static_cast<Dwarf_Word>(-3), 0, 0)};
    EXPECT_EQ(evaluate_location(loop.data(), 1, nullptr, env).status, ValueStatus::not_implemented);
    std::vector<Dwarf_Op> unknown = {op(0xe0 /* DW_OP_lo_user */)};
    EXPECT_EQ(evaluate_location(unknown.data(), 1, nullptr, env).status, ValueStatus::not_implemented);
}

TEST_F(Fixture, ConditionalBranch) {
    // if (1) push 7 else push 9 — offsets as a producer lays them out.
    std::vector<Dwarf_Op> ops = {op(DW_OP_lit1, 0, 0, 0),  op(DW_OP_bra, 4, 0, 1),
                                 op(DW_OP_lit9, 0, 0, 4),  op(DW_OP_skip, 1, 0, 5),
                                 op(DW_OP_lit7, 0, 0, 8),  op(DW_OP_nop, 0, 0, 9)};
    EXPECT_EQ(value_of(ops), 7u);
}

TEST_F(Fixture, EntryValueWithoutCallerIsOptimizedOut) {
    std::vector<Dwarf_Op> inner = {op(DW_OP_reg5)};
    std::uint64_t out = 0;
    std::string why;
    EXPECT_FALSE(resolve_entry_value(inner.data(), inner.size(), env, out, why));
    EXPECT_NE(why.find("no caller"), std::string::npos);
}

}  // namespace
}  // namespace capsule::dwarf

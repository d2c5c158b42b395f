// read_object on libstdc++ types, under bounds, on corrupt objects and on
// locations split into pieces. The globals are those of values_data/globals.cpp;
// expected text as gdb with libstdc++'s pretty printers prints it.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "values_data/self_dwarf.hpp"

namespace {

using capsule::Bounds;
using capsule::ValueStatus;
using capsule::Variable;
using capsule::dwarf::Location;
using capsule::dwarf::Piece;
using values_test::child;
using values_test::read_at;
using values_test::read_global;
using values_test::SelfDwarf;
using values_test::type_of_global;

std::string hex(std::uint64_t v) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%" PRIx64, v);
    return text;
}

std::uint64_t address_of(const std::string& name) {
    return SelfDwarf::instance().global(name).address;
}

std::uint64_t address_in(const void* p) { return reinterpret_cast<std::uint64_t>(p); }

const Variable* find_deep(const Variable& v, std::string_view name) {
    for (const auto& c : v.children) {
        if (c.name == name) return &c;
        if (const Variable* found = find_deep(c, name)) return found;
    }
    return nullptr;
}

Piece bytes_piece(std::vector<std::uint8_t> bytes, std::uint64_t size_bits,
                  std::uint64_t bit_offset = 0) {
    Piece p;
    p.kind = Piece::Kind::bytes;
    p.bytes = std::move(bytes);
    p.size_bits = size_bits;
    p.bit_offset = bit_offset;
    return p;
}

Piece memory_piece(std::uint64_t address, std::uint64_t size_bits) {
    Piece p;
    p.kind = Piece::Kind::memory;
    p.address = address;
    p.size_bits = size_bits;
    return p;
}

Piece unavailable_piece(std::uint64_t size_bits) {
    Piece p;
    p.kind = Piece::Kind::unavailable;
    p.size_bits = size_bits;
    return p;
}

Location pieces(std::vector<Piece> parts) {
    Location l;
    l.pieces = std::move(parts);
    return l;
}

TEST(ValuesViews, Vectors) {
    const Variable v = read_global("g_vector");
    EXPECT_EQ(v.type, "std::vector<int, std::allocator<int> >");
    EXPECT_EQ(v.value, "std::vector of length 3, capacity 4 = {1, 2, 3}");
    EXPECT_EQ(v.status, ValueStatus::ok);
    ASSERT_EQ(v.children.size(), 3u);
    EXPECT_EQ(v.children[2].name, "[2]");
    EXPECT_EQ(v.children[2].kind, "element");
    EXPECT_EQ(v.children[2].type, "int");
    EXPECT_EQ(v.children[2].value, "3");
    EXPECT_EQ(v.children[2].address, v.children[0].address + 8);

    const Variable empty = read_global("g_empty_vector");
    EXPECT_EQ(empty.value, "std::vector of length 0, capacity 0");
    EXPECT_TRUE(empty.children.empty());

    const Variable points = read_global("g_point_vector");
    EXPECT_EQ(points.value,
              "std::vector of length 2, capacity 2 = {{x = 1, y = 2}, {x = 3, y = 4}}");
    ASSERT_EQ(points.children.size(), 2u);
    EXPECT_EQ(points.children[1].type, "values_fixture::Point");
    EXPECT_EQ(points.children[1].children.size(), 2u);

    const Variable strings = read_global("g_string_vector");
    EXPECT_EQ(strings.value, "std::vector of length 2, capacity 2 = {\"a\", \"bc\"}");
    ASSERT_EQ(strings.children.size(), 2u);
    EXPECT_EQ(strings.children[1].type,
              "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >");

    const Variable bits = read_global("g_bool_vector");
    EXPECT_EQ(bits.value, "std::vector<bool> of length 3, capacity 64 = {true, false, true}");
    ASSERT_EQ(bits.children.size(), 3u);
    EXPECT_EQ(bits.children[1].value, "false");
}

TEST(ValuesViews, SmartPointers) {
    const Variable unique = read_global("g_unique");
    ASSERT_EQ(unique.children.size(), 1u);
    const Variable& owned = unique.children[0];
    EXPECT_EQ(owned.name, "*get()");
    EXPECT_EQ(owned.type, "values_fixture::Point");
    EXPECT_EQ(owned.value, "{x = 5, y = 6}");
    EXPECT_EQ(unique.value,
              "std::unique_ptr<values_fixture::Point> = {get() = " + hex(owned.address) + "}");

    const Variable null = read_global("g_unique_null");
    EXPECT_EQ(null.value, "std::unique_ptr<int> = {get() = 0x0}");
    EXPECT_TRUE(null.children.empty());

    const Variable shared = read_global("g_shared");
    ASSERT_EQ(shared.children.size(), 1u);
    EXPECT_EQ(shared.children[0].value, "{x = 7, y = 8}");
    EXPECT_EQ(shared.value, "std::shared_ptr<values_fixture::Point> (use count 2, weak count 1) = "
                            "{get() = " + hex(shared.children[0].address) + "}");
    EXPECT_EQ(read_global("g_weak").value,
              "std::weak_ptr<values_fixture::Point> (use count 2, weak count 1) = {get() = " +
                  hex(shared.children[0].address) + "}");
    EXPECT_EQ(read_global("g_shared_empty").value, "std::shared_ptr<int> (empty) = {get() = 0x0}");
}

TEST(ValuesViews, ItemBound) {
    Bounds bounds;
    bounds.max_items = 5;
    const Variable array = read_global("g_big_array", bounds);
    EXPECT_EQ(array.value, "{0, 1, 2, 3, 4...}");
    EXPECT_EQ(array.status, ValueStatus::truncated);
    ASSERT_EQ(array.children.size(), 6u);
    EXPECT_EQ(array.children[5].name, "...");
    EXPECT_EQ(array.children[5].status, ValueStatus::truncated);
    EXPECT_EQ(array.children[5].value, "95 more");

    const Variable vector = read_global("g_big_vector", bounds);
    EXPECT_EQ(vector.value, "std::vector of length 100, capacity 100 = {7, 7, 7, 7, 7...}");
    EXPECT_EQ(vector.status, ValueStatus::truncated);
    EXPECT_EQ(vector.children.size(), 6u);

    // Summaries stay short however many children there are.
    bounds.max_items = 100;
    const Variable all = read_global("g_big_array", bounds);
    EXPECT_EQ(all.children.size(), 100u);
    EXPECT_EQ(all.status, ValueStatus::ok);
    EXPECT_LE(all.value.size(), 210u);
    EXPECT_TRUE(all.value.starts_with("{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0")) << all.value;
    EXPECT_TRUE(all.value.ends_with("...}")) << all.value;

    // The default bound: 32 elements and the marker.
    EXPECT_EQ(read_global("g_big_vector").children.size(), 33u);
}

TEST(ValuesViews, StringBound) {
    Bounds bounds;
    bounds.max_string_bytes = 10;
    const Variable cstr = read_global("g_long_cstr", bounds);
    std::uint64_t text;
    std::memcpy(&text, reinterpret_cast<const void*>(address_of("g_long_cstr")), sizeof text);
    EXPECT_EQ(cstr.value, hex(text) + " \"0123456789\"...");
    EXPECT_EQ(cstr.status, ValueStatus::truncated);
    EXPECT_EQ(read_global("g_long_string", bounds).value, "\"xxxxxxxxxx\"...");
    EXPECT_EQ(read_global("g_string", bounds).value, "\"kiwi-7\"");
    bounds.max_string_bytes = 3;
    const Variable array = read_global("g_char_array", bounds);
    EXPECT_EQ(array.value, "\"abc\"...");
    EXPECT_EQ(array.status, ValueStatus::truncated);

    // Inside a struct only the cut member says so.
    const Variable derived = read_global("g_derived", bounds);
    EXPECT_EQ(derived.status, ValueStatus::ok);
    EXPECT_EQ(child(derived, "label")->status, ValueStatus::ok);  // "lbl" fits exactly
    bounds.max_string_bytes = 2;
    const Variable cut = read_global("g_derived", bounds);
    EXPECT_EQ(cut.status, ValueStatus::ok);
    EXPECT_EQ(child(cut, "label")->status, ValueStatus::truncated);
    EXPECT_TRUE(child(cut, "label")->value.ends_with(" \"lb\"...")) << child(cut, "label")->value;
}

TEST(ValuesViews, DepthBound) {
    Bounds bounds;
    bounds.max_depth = 1;
    const Variable level = read_global("g_level", bounds);
    EXPECT_EQ(level.value, "{l2 = {...}, x = 1}");
    ASSERT_EQ(level.children.size(), 2u);
    EXPECT_EQ(level.children[0].status, ValueStatus::truncated);
    EXPECT_TRUE(level.children[0].children.empty());

    bounds.max_depth = 0;
    const Variable top = read_global("g_level", bounds);
    EXPECT_EQ(top.value, "{...}");
    EXPECT_EQ(top.status, ValueStatus::truncated);
    EXPECT_EQ(read_global("g_vector", bounds).value,
              "std::vector of length 3, capacity 4 = {...}");
    // A pointer at the bound keeps its value but is not followed.
    const Variable pointer = read_global("g_point_ptr", bounds);
    EXPECT_EQ(pointer.value, hex(address_of("g_point")));
    EXPECT_TRUE(pointer.children.empty());
}

TEST(ValuesViews, PointerDepthBound) {
    Bounds bounds;
    bounds.pointer_depth = 0;
    EXPECT_TRUE(read_global("g_point_ptr", bounds).children.empty());
    EXPECT_TRUE(read_global("g_unique", bounds).children.empty());
}

TEST(ValuesViews, ValueBudget) {
    // The root, `name` and `counts`; nothing below or after them.
    const Variable mixed = read_global("g_mixed", Bounds{}, 3);
    EXPECT_EQ(mixed.status, ValueStatus::truncated);
    ASSERT_EQ(mixed.children.size(), 2u);
    EXPECT_EQ(mixed.children[1].name, "counts");
    EXPECT_EQ(mixed.children[1].status, ValueStatus::truncated);
    EXPECT_EQ(mixed.children[1].value, "{...}");
    EXPECT_EQ(mixed.value, "{name = \"ab\\000\\000\\000\\000\\000\", counts = {...}...}");

    const Variable none = read_global("g_point", Bounds{}, 0);
    EXPECT_EQ(none.status, ValueStatus::truncated);
    EXPECT_TRUE(none.children.empty());
}

TEST(ValuesViews, CorruptVectorFallsBackToRaw) {
    Dwarf_Die type = type_of_global("g_vector");
    auto& target = SelfDwarf::instance().target();
    const struct {
        std::uint64_t start, finish, end;
    } garbage[] = {
        {0x10, 0x20, 0x40},                        // plausible, but nothing is mapped there
        {0x2000, 0x1000, 0x3000},                  // finish before start
        {0x1000, 0x1000 + 4ull * 200'000'000, 0x1000 + 4ull * 200'000'000},  // too many
        {0x1000, 0x1003, 0x1004},                  // not a whole number of ints
    };
    for (const auto& g : garbage) {
        alignas(8) std::uint64_t object[3] = {g.start, g.finish, g.end};
        target.reads = 0;
        const Variable v = read_at(&type, Location::memory(address_in(object)));
        EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;
        // The raw members show the garbage that made the view give up.
        const Variable* start = find_deep(v, "_M_start");
        ASSERT_NE(start, nullptr) << v.value;
        EXPECT_EQ(start->value, hex(g.start));
        EXPECT_EQ(v.status, ValueStatus::ok);
        EXPECT_LT(target.reads, 20) << v.value;
    }

    const Variable unmapped = read_at(&type, Location::memory(0x10));
    EXPECT_EQ(unmapped.status, ValueStatus::unreadable);
    EXPECT_EQ(unmapped.value, "<unreadable>");
    EXPECT_TRUE(unmapped.children.empty());
}

TEST(ValuesViews, CorruptStringFallsBackToRaw) {
    Dwarf_Die type = type_of_global("g_string");
    // _M_p, _M_string_length, then the local buffer: a length of 2^40.
    alignas(8) std::uint64_t object[4] = {0x1000, std::uint64_t{1} << 40, 0, 0};
    const Variable v = read_at(&type, Location::memory(address_in(object)));
    EXPECT_TRUE(v.value.starts_with("(raw) {")) << v.value;

    // A sane length whose bytes cannot be read.
    alignas(8) std::uint64_t dangling[4] = {0x10, 5, 0, 0};
    const Variable d = read_at(&type, Location::memory(address_in(dangling)));
    EXPECT_EQ(d.status, ValueStatus::unreadable);
    EXPECT_EQ(d.value, "<unreadable>");
}

TEST(ValuesViews, CStringEndingAtUnmappedPage) {
    const long page = sysconf(_SC_PAGESIZE);
    void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(map, MAP_FAILED);
    auto* bytes = static_cast<char*>(map);
    ASSERT_EQ(mprotect(bytes + page, page, PROT_NONE), 0);
    Dwarf_Die type = type_of_global("g_cstr");

    std::memcpy(bytes + page - 4, "edge", 4);  // no terminator before the hole
    const char* unterminated = bytes + page - 4;
    const Variable open = read_at(&type, Location::memory(address_in(&unterminated)));
    EXPECT_EQ(open.value, hex(address_in(unterminated)) + " \"edge\"<error: Cannot access memory at "
                                                          "address " +
                              hex(address_in(bytes + page)) + ">");

    std::memcpy(bytes + page - 4, "edg", 4);  // the terminator is the page's last byte
    const Variable closed = read_at(&type, Location::memory(address_in(&unterminated)));
    EXPECT_EQ(closed.value, hex(address_in(unterminated)) + " \"edg\"");
    munmap(map, 2 * page);
}

TEST(ValuesViews, Pieces) {
    Dwarf_Die two = type_of_global("g_two");
    const Variable both = read_at(&two, pieces({bytes_piece({10, 0, 0, 0}, 32),
                                                bytes_piece({20, 0, 0, 0}, 32)}));
    EXPECT_EQ(both.value, "{a = 10, b = 20}");
    EXPECT_EQ(both.address, 0u);
    EXPECT_EQ(both.status, ValueStatus::ok);

    const Variable half = read_at(&two, pieces({bytes_piece({10, 0, 0, 0}, 32), unavailable_piece(32)}));
    EXPECT_EQ(half.value, "{a = 10, b = <optimized out>}");
    EXPECT_EQ(half.status, ValueStatus::ok);
    ASSERT_EQ(half.children.size(), 2u);
    EXPECT_EQ(half.children[0].status, ValueStatus::ok);
    EXPECT_EQ(half.children[1].status, ValueStatus::optimized_out);
    EXPECT_EQ(half.children[1].value, "<optimized out>");

    // a from memory, b from the low half of a register.
    const Variable mixed = read_at(&two, pieces({memory_piece(address_of("g_two"), 32),
                                                 bytes_piece({20, 0, 0, 0, 5, 0, 0, 0}, 32)}));
    EXPECT_EQ(mixed.value, "{a = 10, b = 20}");
    // b from the high half (DW_OP_bit_piece 32, 32), a's memory unreadable.
    const Variable high = read_at(&two, pieces({memory_piece(0x10, 32),
                                                bytes_piece({0, 0, 0, 0, 30, 0, 0, 0}, 32, 32)}));
    EXPECT_EQ(high.value, "{a = <unreadable>, b = 30}");
    EXPECT_EQ(high.children[0].status, ValueStatus::unreadable);

    const Variable nothing = read_at(&two, pieces({unavailable_piece(32), unavailable_piece(32)}));
    EXPECT_EQ(nothing.status, ValueStatus::optimized_out);
    EXPECT_EQ(nothing.value, "<optimized out>");

    // Bit fields out of a copy of the struct's bytes.
    Dwarf_Die bits = type_of_global("g_bits");
    std::vector<std::uint8_t> raw(4);
    std::memcpy(raw.data(), reinterpret_cast<const void*>(address_of("g_bits")), raw.size());
    EXPECT_EQ(read_at(&bits, pieces({bytes_piece(raw, 32)})).value,
              "{a = 5, b = -3, c = 1000, d = true}");

    // DW_OP_stack_value: one piece without a size is the whole object.
    Dwarf_Die int_type = type_of_global("g_int");
    EXPECT_EQ(read_at(&int_type, pieces({bytes_piece({42, 0, 0, 0, 0, 0, 0, 0}, 0)})).value, "42");
}

TEST(ValuesViews, AbsentLocations) {
    Dwarf_Die int_type = type_of_global("g_int");
    const struct {
        ValueStatus status;
        const char* text;
    } cases[] = {{ValueStatus::optimized_out, "<optimized out>"},
                 {ValueStatus::unreadable, "<unreadable>"},
                 {ValueStatus::not_implemented, "<not implemented>"}};
    for (const auto& c : cases) {
        const Variable v = read_at(&int_type, Location::unavailable(c.status, "why"));
        EXPECT_EQ(v.status, c.status);
        EXPECT_EQ(v.value, c.text);
        EXPECT_EQ(v.type, "int");
    }
    const Variable unmapped = read_at(&int_type, Location::memory(0x10));
    EXPECT_EQ(unmapped.status, ValueStatus::unreadable);
    EXPECT_EQ(unmapped.value, "<unreadable>");

    Location synthetic;
    synthetic.implicit_pointer = true;
    Dwarf_Die pointer = type_of_global("g_int_ptr");
    EXPECT_EQ(read_at(&pointer, synthetic).value, "<synthetic pointer>");
}

}  // namespace

// Compiled with -gdwarf-4: bit fields described by DW_AT_bit_offset (counted
// from the most significant bit of the storage unit) and static members as
// DW_TAG_member declarations, as older toolchains and -gdwarf-4 builds emit.
namespace values_fixture_dwarf4 {

struct Bits4 {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 12;
    bool d : 1;
    long long e : 40;
};

struct WithStatic4 {
    static int counter;
    int value;
};
int WithStatic4::counter = 7;

Bits4 g_dwarf4_bits = {5, -3, 1000, true, -123456789012};
WithStatic4 g_dwarf4_with_static = {12};

}  // namespace values_fixture_dwarf4

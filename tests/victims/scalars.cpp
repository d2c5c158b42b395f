// Every kind of scalar and plain aggregate, all kept in memory so that -O0 and
// -O2 show the same values.
#include <cstdint>

#include "victim.hpp"

enum Color { red, green, blue };
enum class Shade : short { light = 1, dark = 2 };
enum Permission { perm_read = 1, perm_write = 2, perm_exec = 4 };

typedef unsigned long long Counter;
using Meters = double;

struct Base {
    int base_id;
};
struct Point : Base {
    int x;
    int y;
};
struct Bits {
    unsigned ready : 1;
    unsigned mode : 3;
    int level : 4;
};
union Number {
    int i;
    float f;
};

int global_target = 7;

VICTIM_NOINLINE void scalars_frame(int count, const char* label) {
    signed char v_schar = -5;
    unsigned char v_uchar = 200;
    char v_char = 'A';
    wchar_t v_wchar = L'W';
    char8_t v_char8 = u8'u';
    char16_t v_char16 = u'B';
    char32_t v_char32 = U'C';
    bool v_bool = true;
    short v_short = -300;
    unsigned short v_ushort = 60000;
    int v_int = -123456;
    unsigned v_uint = 4000000000u;
    long v_long = -9000000000L;
    unsigned long v_ulong = 18000000000000000000ul;
    long long v_llong = -42;
    std::int8_t v_int8 = 9;
    std::uint16_t v_uint16 = 65535;
    std::int32_t v_int32 = -2147483647 - 1;
    std::uint64_t v_uint64 = 1;
    __int128 v_int128 = (static_cast<__int128>(1) << 64) + 5;
    float v_float = 1.5f;
    double v_double = -2.25;
    long double v_ldouble = 3.75L;
    Color v_color = green;
    Shade v_shade = Shade::dark;
    Permission v_perm = Permission(perm_read | perm_exec);
    int* v_ptr = &global_target;
    const char* v_text = "hello";
    int* v_null = nullptr;
    int* v_dangling = reinterpret_cast<int*>(0x10);
    int& v_ref = global_target;
    int v_array[4] = {1, 2, 3, 4};
    int v_grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
    Point v_point{{1}, 2, 3};
    Bits v_bits{1, 5, -3};
    Number v_number{};
    v_number.i = 1;
    Counter v_counter = 99;
    Meters v_meters = 0.5;
    const int v_const = 11;
    volatile int v_volatile = 12;

    victim::keep(v_schar), victim::keep(v_uchar), victim::keep(v_char), victim::keep(v_wchar);
    victim::keep(v_char8), victim::keep(v_char16), victim::keep(v_char32), victim::keep(v_bool);
    victim::keep(v_short), victim::keep(v_ushort), victim::keep(v_int), victim::keep(v_uint);
    victim::keep(v_long), victim::keep(v_ulong), victim::keep(v_llong), victim::keep(v_int8);
    victim::keep(v_uint16), victim::keep(v_int32), victim::keep(v_uint64), victim::keep(v_int128);
    victim::keep(v_float), victim::keep(v_double), victim::keep(v_ldouble), victim::keep(v_color);
    victim::keep(v_shade), victim::keep(v_perm), victim::keep(v_ptr), victim::keep(v_text);
    victim::keep(v_null), victim::keep(v_dangling), victim::keep(v_ref), victim::keep(v_array);
    victim::keep(v_grid), victim::keep(v_point), victim::keep(v_bits), victim::keep(v_number);
    victim::keep(v_counter), victim::keep(v_meters), victim::keep(v_const), victim::keep(v_volatile);
    victim::keep(count), victim::keep(label);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = v_int + count + v_array[3] + v_point.y + v_volatile;
}

int main(int argc, char** argv) {
    scalars_frame(3, "params");
    return victim::finish(argc, argv);
}

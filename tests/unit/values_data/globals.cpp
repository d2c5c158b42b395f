// Globals of every type the value reader must format, with distinctive values.
// values_test.cpp finds each one's DIE by name in the test binary's own DWARF
// and reads it through a target on this process; the expected strings are what
// gdb -batch prints for the same variables (checked by hand).
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

// Types at file scope print without a qualifier.
enum class GlobalShade { Light, Dark };
GlobalShade g_global_shade = GlobalShade::Dark;

// Everything else sits in a namespace: the unit test binary links other
// tests' files, and a second `struct Point` there would break the ODR.
namespace values_fixture {

// Scalars.
char g_char = 'A';
char g_char_newline = '\n';
char g_char_nul = 0;
char g_char_high = static_cast<char>(200);
signed char g_schar = -5;
unsigned char g_uchar = 250;
short g_short = -12345;
unsigned short g_ushort = 54321;
int g_int = -42;
unsigned g_uint = 4000000000u;
long g_long = -9000000000000000000L;
unsigned long g_ulong = 18000000000000000000UL;
long long g_llong = 1234567890123LL;
__int128 g_int128 = -(static_cast<__int128>(1) << 100);
unsigned __int128 g_uint128 = (static_cast<unsigned __int128>(1) << 127) + 5;
wchar_t g_wchar = L'x';
char16_t g_char16 = u'y';
char32_t g_char32 = U'z';
char8_t g_char8 = u8'q';
bool g_bool_true = true;
bool g_bool_false = false;
float g_float = 3.25f;
float g_float_tenth = 0.1f;
double g_double_tenth = 0.1;
double g_double_big = 1e100;
double g_double_neg = -2.5;
double g_double_inf = std::numeric_limits<double>::infinity();
double g_double_nan = std::numeric_limits<double>::quiet_NaN();
double g_double_negzero = -0.0;
double g_double_third = 1.0 / 3.0;
long double g_ldouble = 3.25L;
long double g_ldouble_tenth = 0.1L;
extern const int g_const_int;
const int g_const_int = 7;
volatile unsigned g_volatile = 9;

// Enums.
enum Plain { PlainA, PlainB, PlainC = 10 };
enum class Color { Red, Green = 5, Blue };
enum Flags { FlagA = 1, FlagB = 2, FlagC = 4 };
Plain g_plain = PlainC;
Color g_color = Color::Green;
Flags g_flags = static_cast<Flags>(FlagA | FlagC);
Flags g_flags_unknown = static_cast<Flags>(FlagA | 8);
Flags g_flags_zero = static_cast<Flags>(0);
Plain g_plain_unknown = static_cast<Plain>(77);

// Aggregates.
struct Point {
    int x;
    int y;
};
namespace ns {
struct Point3 {
    double x, y, z;
};
namespace inner {
struct Deep {
    int v;
};
}  // namespace inner
}  // namespace ns
struct Base {
    int id;
};
struct Derived : Base {
    const char* label;
    Point at;
};
struct Bits {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 12;
    bool d : 1;
};
union Number {
    int i;
    float f;
};
struct WithStatic {
    static int counter;
    int value;
};
int WithStatic::counter = 99;
struct Node {
    int value;
    Node* next;
};
struct Level3 {
    int z;
};
struct Level2 {
    Level3 l3;
    int y;
};
struct Level1 {
    Level2 l2;
    int x;
};
struct Mixed {
    char name[8];
    int counts[3];
    Point* where;
    Color color;
};
struct TwoInts {
    int a;
    int b;
};
struct WithAnonymous {
    int tag;
    union {
        int as_int;
        float as_float;
    };
};
class Shape {
public:
    virtual ~Shape() = default;
    int sides = 4;
};
struct VirtualBase {
    int vb = 1;
};
struct VirtualDerived : virtual VirtualBase {
    int vd = 2;
};
namespace {
struct Hidden {
    int secret_level;
};
}  // namespace
using PointAlias = Point;
typedef int Meters;

Point g_point = {1, 2};
ns::Point3 g_point3 = {0.5, -1.25, 3};
ns::inner::Deep g_deep = {17};
Derived g_derived = {{7}, "lbl", {3, 4}};
Bits g_bits = {5, -3, 1000, true};
Number g_number = {1065353216};
WithStatic g_with_static = {11};
Node g_node_tail = {2, nullptr};
Node g_node_head = {1, &g_node_tail};
Level1 g_level = {{{3}, 2}, 1};
Mixed g_mixed = {"ab", {4, 5, 6}, &g_point, Color::Blue};
TwoInts g_two = {10, 20};
PointAlias g_alias = {8, 9};
Meters g_meters = 100;
WithAnonymous g_with_anonymous = {3, {42}};
Shape g_shape;
[[gnu::used]] Hidden g_hidden = {5};  // internal linkage: kept only when marked
VirtualDerived g_virtual;
// Built from its two parts in memory: clang 14 crashes on __real__ as an
// lvalue, and 2.0i needs GNU literals that <complex> takes away.
__complex__ double make_complex(double real, double imaginary) {
    const double parts[2] = {real, imaginary};
    __complex__ double c;
    std::memcpy(&c, parts, sizeof c);
    return c;
}
__complex__ double g_complex = make_complex(1.5, -2);
double g_double_negnan = -__builtin_nan("0x123");
long double g_ldouble_nan = __builtin_nanl("");
char g_char_quote = '\'';
char g_char_backslash = '\\';
char16_t g_char16_smiley = 0x263A;

// Pointers and references.
int* g_int_ptr = &g_int;
int* g_null_ptr = nullptr;
const char* g_cstr = "text";
char* g_mut_cstr = const_cast<char*>("mutable");
const char* g_long_cstr =
    "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
const char* g_bad_cstr = reinterpret_cast<const char*>(0x10);
void* g_void_ptr = &g_int;
Point* g_point_ptr = &g_point;
Point* g_bad_point_ptr = reinterpret_cast<Point*>(0x10);
int** g_int_ptr_ptr = &g_int_ptr;
int g_target_function(int x) { return x + 1; }
struct Opaque;
Opaque* g_opaque_ptr = reinterpret_cast<Opaque*>(&g_int);
int (*g_func_ptr)(int) = &g_target_function;
int& g_int_ref = g_int;
Point& g_point_ref = g_point;
int&& g_rvalue_ref = 5;
int Point::*g_member_ptr = &Point::y;
std::nullptr_t g_nullptr = nullptr;

const wchar_t* g_wide_ptr = L"wide";
const char16_t* g_u16_ptr = u"u16";
const char* g_utf8_ptr = "caf\xc3\xa9 \xff";

// Arrays.
int g_int_array[3] = {1, 2, 3};
int g_matrix[2][3] = {{1, 2, 3}, {4, 5, 6}};
char g_char_array[8] = "abc";
char g_char_array_full[4] = {'a', 'b', 'c', 'd'};
char g_char_array_nul[6] = {'a', 0, 'b', 0, 0, 0};
Point g_point_array[2] = {{1, 2}, {3, 4}};
int g_big_array[100] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
bool g_bool_array[2] = {true, false};
double g_double_array[2] = {0.5, 0.1};
char16_t g_u16_array[4] = u"hi";
wchar_t g_wide_array[3] = L"w";
unsigned char g_byte_array[3] = {1, 2, 3};

// The standard library.
std::string g_string = "kiwi-7";
std::string g_long_string(300, 'x');
std::string g_empty_string;
std::wstring g_wstring = L"wide";
std::u16string g_u16string = u"sixteen";
std::vector<int> g_vector = [] {
    std::vector<int> v;
    v.reserve(4);
    v.push_back(1);
    v.push_back(2);
    v.push_back(3);
    return v;
}();
std::vector<int> g_empty_vector;
std::vector<Point> g_point_vector = {{1, 2}, {3, 4}};
std::vector<std::string> g_string_vector = {"a", "bc"};
std::vector<int> g_big_vector(100, 7);
std::vector<bool> g_bool_vector = {true, false, true};
std::unique_ptr<Point> g_unique = std::make_unique<Point>(Point{5, 6});
std::unique_ptr<int> g_unique_null;
std::shared_ptr<Point> g_shared = std::make_shared<Point>(Point{7, 8});
std::shared_ptr<Point> g_shared_copy = g_shared;
std::weak_ptr<Point> g_weak = g_shared;
std::shared_ptr<int> g_shared_empty;

}  // namespace values_fixture

// read_object and type_name on the globals of values_data/globals.cpp. The
// expected text is what gdb -batch prints for the same variables, except
// where capsule deliberately differs: floats use the shortest text that
// reads back (gdb: 0.10000000000000001), pointers carry no "(int *)" prefix,
// static members are left out. The fixture reads without a symbol lookup, so
// pointers have no "<symbol>" suffix here (values_views_layout_test has it).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "values_data/self_dwarf.hpp"

namespace {

using capsule::ValueStatus;
using capsule::Variable;
using values_test::child;
using values_test::read_global;
using values_test::SelfDwarf;

// Base type and vtable pointer names are the compiler's DWARF names, which
// gdb shows as they are.
#ifdef __clang__
constexpr const char* uint128_name = "unsigned __int128";
constexpr const char* complex_name = "complex";
constexpr const char* vptr_name = "_vptr$Shape";
#else
constexpr const char* uint128_name = "__int128 unsigned";
constexpr const char* complex_name = "complex double";
constexpr const char* vptr_name = "_vptr.Shape";
#endif

std::string hex(std::uint64_t v) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%" PRIx64, v);
    return text;
}

std::uint64_t address_of(const std::string& name) {
    return SelfDwarf::instance().global(name).address;
}

// The value stored in a pointer-typed global.
std::uint64_t pointer_in(const std::string& name) {
    std::uint64_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(address_of(name)), sizeof v);
    return v;
}

struct Expect {
    const char* name;
    const char* value;
    const char* type;
};

void expect_all(std::initializer_list<Expect> cases) {
    for (const auto& c : cases) {
        const Variable v = read_global(c.name);
        EXPECT_EQ(v.value, c.value) << c.name;
        EXPECT_EQ(v.type, c.type) << c.name;
        EXPECT_EQ(v.status, ValueStatus::ok) << c.name;
        EXPECT_EQ(v.address, address_of(c.name)) << c.name;
    }
}

TEST(Values, Integers) {
    expect_all({
        {"g_short", "-12345", "short"},
        {"g_ushort", "54321", "unsigned short"},
        {"g_int", "-42", "int"},
        {"g_uint", "4000000000", "unsigned int"},
        {"g_long", "-9000000000000000000", "long"},
        {"g_ulong", "18000000000000000000", "unsigned long"},
        {"g_llong", "1234567890123", "long long"},
        {"g_int128", "-1267650600228229401496703205376", "__int128"},
        {"g_uint128", "170141183460469231731687303715884105733", uint128_name},
        {"g_bool_true", "true", "bool"},
        {"g_bool_false", "false", "bool"},
        {"g_const_int", "7", "const int"},
        {"g_volatile", "9", "volatile unsigned int"},
        {"g_meters", "100", "values_fixture::Meters"},
    });
}

TEST(Values, Characters) {
    expect_all({
        {"g_char", "65 'A'", "char"},
        {"g_char_newline", "10 '\\n'", "char"},
        {"g_char_nul", "0 '\\000'", "char"},
        {"g_char_high", "-56 '\\310'", "char"},
        {"g_char_quote", "39 '\\''", "char"},
        {"g_char_backslash", "92 '\\\\'", "char"},
        {"g_schar", "-5 '\\373'", "signed char"},
        {"g_uchar", "250 '\\372'", "unsigned char"},
        {"g_wchar", "120 L'x'", "wchar_t"},
        {"g_char16", "121 u'y'", "char16_t"},
        {"g_char16_smiley", "9786 u'\u263A'", "char16_t"},
        {"g_char32", "122 U'z'", "char32_t"},
        {"g_char8", "113 'q'", "char8_t"},
    });
}

TEST(Values, Floats) {
    expect_all({
        {"g_float", "3.25", "float"},
        {"g_float_tenth", "0.1", "float"},
        {"g_double_tenth", "0.1", "double"},
        {"g_double_big", "1e+100", "double"},
        {"g_double_neg", "-2.5", "double"},
        {"g_double_inf", "inf", "double"},
        {"g_double_nan", "nan(0x8000000000000)", "double"},
        {"g_double_negnan", "-nan(0x8000000000123)", "double"},
        {"g_double_negzero", "-0", "double"},
        {"g_double_third", "0.3333333333333333", "double"},
        {"g_ldouble", "3.25", "long double"},
        {"g_ldouble_tenth", "0.1", "long double"},
        {"g_ldouble_nan", "nan(0xc000000000000000)", "long double"},
        {"g_complex", "1.5 + -2i", complex_name},
    });
}

TEST(Values, Enums) {
    expect_all({
        {"g_global_shade", "GlobalShade::Dark", "GlobalShade"},
        {"g_plain", "values_fixture::PlainC", "values_fixture::Plain"},
        {"g_color", "values_fixture::Color::Green", "values_fixture::Color"},
        {"g_flags", "(values_fixture::FlagA | values_fixture::FlagC)", "values_fixture::Flags"},
        {"g_flags_unknown", "(values_fixture::FlagA | unknown: 0x8)", "values_fixture::Flags"},
        {"g_flags_zero", "0", "values_fixture::Flags"},
        {"g_plain_unknown", "77", "values_fixture::Plain"},
    });
}

TEST(Values, Structs) {
    expect_all({
        {"g_point", "{x = 1, y = 2}", "values_fixture::Point"},
        {"g_point3", "{x = 0.5, y = -1.25, z = 3}", "values_fixture::ns::Point3"},
        {"g_deep", "{v = 17}", "values_fixture::ns::inner::Deep"},
        {"g_bits", "{a = 5, b = -3, c = 1000, d = true}", "values_fixture::Bits"},
        {"g_number", "{i = 1065353216, f = 1}", "values_fixture::Number"},
        {"g_with_static", "{value = 11}", "values_fixture::WithStatic"},
        {"g_node_tail", "{value = 2, next = 0x0}", "values_fixture::Node"},
        {"g_level", "{l2 = {l3 = {z = 3}, y = 2}, x = 1}", "values_fixture::Level1"},
        {"g_alias", "{x = 8, y = 9}", "values_fixture::PointAlias"},
        {"g_with_anonymous", "{tag = 3, {as_int = 42, as_float = 5.9e-44}}",
         "values_fixture::WithAnonymous"},
        {"g_hidden", "{secret_level = 5}", "values_fixture::(anonymous namespace)::Hidden"},
    });

    const Variable point = read_global("g_point");
    ASSERT_EQ(point.children.size(), 2u);
    EXPECT_EQ(point.children[1].name, "y");
    EXPECT_EQ(point.children[1].kind, "member");
    EXPECT_EQ(point.children[1].type, "int");
    EXPECT_EQ(point.children[1].value, "2");
    EXPECT_EQ(point.children[1].address, address_of("g_point") + 4);

    const Variable with_static = read_global("g_with_static");
    ASSERT_EQ(with_static.children.size(), 1u);  // the static member is not part of the object
    EXPECT_EQ(with_static.children[0].name, "value");

    const Variable anonymous = read_global("g_with_anonymous");
    ASSERT_EQ(anonymous.children.size(), 2u);
    EXPECT_EQ(anonymous.children[1].name, "<anonymous union>");
    ASSERT_NE(child(anonymous.children[1], "as_int"), nullptr);
    EXPECT_EQ(child(anonymous.children[1], "as_int")->value, "42");
}

TEST(Values, Dwarf4BitFieldsAndStatics) {
    expect_all({
        {"g_dwarf4_bits", "{a = 5, b = -3, c = 1000, d = true, e = -123456789012}",
         "values_fixture_dwarf4::Bits4"},
        {"g_dwarf4_with_static", "{value = 12}", "values_fixture_dwarf4::WithStatic4"},
    });
    const Variable bits = read_global("g_dwarf4_bits");
    ASSERT_EQ(bits.children.size(), 5u);
    EXPECT_EQ(bits.children[4].type, "long long");
    // e starts at bit 22, in the storage unit's third byte.
    EXPECT_EQ(bits.children[4].address, address_of("g_dwarf4_bits") + 2);
}

TEST(Values, BaseClassesAndVirtualTables) {
    const Variable derived = read_global("g_derived");
    ASSERT_EQ(derived.children.size(), 3u);
    const Variable& base = derived.children[0];
    EXPECT_EQ(base.kind, "base");
    EXPECT_EQ(base.name, "values_fixture::Base");
    EXPECT_EQ(base.type, "values_fixture::Base");
    EXPECT_EQ(base.value, "{id = 7}");
    const Variable* text = child(derived, "label");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->type, "const char *");
    EXPECT_TRUE(text->value.starts_with("0x")) << text->value;
    EXPECT_TRUE(text->value.ends_with(" \"lbl\"")) << text->value;
    EXPECT_EQ(derived.value, "{<values_fixture::Base> = {id = 7}, label = " + text->value +
                                 ", at = {x = 3, y = 4}}");

    // A virtual base is found through the vtable, as gdb does.
    const Variable virtual_derived = read_global("g_virtual");
    ASSERT_EQ(virtual_derived.children.size(), 3u);
    EXPECT_EQ(virtual_derived.children[0].name, "values_fixture::VirtualBase");
    EXPECT_EQ(virtual_derived.children[0].value, "{vb = 1}");
    EXPECT_EQ(virtual_derived.children[0].address, address_of("g_virtual") + 12);
    EXPECT_EQ(virtual_derived.children[2].value, "2");

    const Variable shape = read_global("g_shape");
    ASSERT_EQ(shape.children.size(), 2u);
    EXPECT_EQ(shape.children[0].name, vptr_name);
    EXPECT_EQ(shape.children[0].type, "int (**)(void)");
    EXPECT_TRUE(shape.children[0].children.empty());  // a vtable is not followed
    EXPECT_EQ(shape.children[1].value, "4");
}

TEST(Values, Pointers) {
    const Variable int_ptr = read_global("g_int_ptr");
    EXPECT_EQ(int_ptr.type, "int *");
    EXPECT_EQ(int_ptr.value, hex(address_of("g_int")));
    ASSERT_EQ(int_ptr.children.size(), 1u);
    EXPECT_EQ(int_ptr.children[0].name, "*g_int_ptr");
    EXPECT_EQ(int_ptr.children[0].type, "int");
    EXPECT_EQ(int_ptr.children[0].value, "-42");
    EXPECT_EQ(int_ptr.children[0].address, address_of("g_int"));

    const Variable null_ptr = read_global("g_null_ptr");
    EXPECT_EQ(null_ptr.value, "0x0");
    EXPECT_TRUE(null_ptr.children.empty());

    const Variable point_ptr = read_global("g_point_ptr");
    EXPECT_EQ(point_ptr.type, "values_fixture::Point *");
    ASSERT_EQ(point_ptr.children.size(), 1u);
    EXPECT_EQ(point_ptr.children[0].name, "*g_point_ptr");
    EXPECT_EQ(point_ptr.children[0].value, "{x = 1, y = 2}");
    EXPECT_EQ(point_ptr.children[0].children.size(), 2u);

    const Variable bad = read_global("g_bad_point_ptr");
    EXPECT_EQ(bad.value, "0x10");
    EXPECT_EQ(bad.status, ValueStatus::ok);
    ASSERT_EQ(bad.children.size(), 1u);
    EXPECT_EQ(bad.children[0].status, ValueStatus::unreadable);
    EXPECT_EQ(bad.children[0].value, "<unreadable>");
    EXPECT_TRUE(bad.children[0].children.empty());

    for (const char* name : {"g_void_ptr", "g_int_ptr_ptr", "g_opaque_ptr", "g_func_ptr"}) {
        const Variable v = read_global(name);
        EXPECT_EQ(v.value, hex(pointer_in(name))) << name;
        EXPECT_TRUE(v.children.empty()) << name;
    }
    EXPECT_EQ(read_global("g_void_ptr").type, "void *");
    EXPECT_EQ(read_global("g_int_ptr_ptr").type, "int **");
    EXPECT_EQ(read_global("g_opaque_ptr").type, "values_fixture::Opaque *");
    EXPECT_EQ(read_global("g_func_ptr").type, "int (*)(int)");

    // A list node: the pointer is followed one level (Bounds::pointer_depth).
    const Variable head = read_global("g_node_head");
    const Variable* next = child(head, "next");
    ASSERT_NE(next, nullptr);
    ASSERT_EQ(next->children.size(), 1u);
    EXPECT_EQ(next->children[0].name, "*next");
    EXPECT_EQ(next->children[0].value, "{value = 2, next = 0x0}");
}

TEST(Values, CharPointers) {
    EXPECT_EQ(read_global("g_cstr").value, hex(pointer_in("g_cstr")) + " \"text\"");
    EXPECT_EQ(read_global("g_cstr").type, "const char *");
    EXPECT_TRUE(read_global("g_cstr").children.empty());
    EXPECT_EQ(read_global("g_mut_cstr").value, hex(pointer_in("g_mut_cstr")) + " \"mutable\"");
    EXPECT_EQ(read_global("g_mut_cstr").type, "char *");
    EXPECT_EQ(read_global("g_long_cstr").value,
              hex(pointer_in("g_long_cstr")) +
                  " \"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\"");
    EXPECT_EQ(read_global("g_wide_ptr").value, hex(pointer_in("g_wide_ptr")) + " L\"wide\"");
    EXPECT_EQ(read_global("g_wide_ptr").type, "const wchar_t *");
    EXPECT_EQ(read_global("g_u16_ptr").value, hex(pointer_in("g_u16_ptr")) + " u\"u16\"");
    // Valid UTF-8 is kept (it is JSON-safe); a stray byte is escaped.
    EXPECT_EQ(read_global("g_utf8_ptr").value,
              hex(pointer_in("g_utf8_ptr")) + " \"caf\xc3\xa9 \\377\"");
    const Variable bad = read_global("g_bad_cstr");
    EXPECT_EQ(bad.value, "0x10 <error: Cannot access memory at address 0x10>");
    EXPECT_EQ(bad.status, ValueStatus::ok);
}

TEST(Values, References) {
    const Variable ref = read_global("g_int_ref");
    EXPECT_EQ(ref.type, "int &");
    // gdb's "@address: value" for a variable that is a reference.
    EXPECT_EQ(ref.value, "@" + hex(address_of("g_int")) + ": -42");
    EXPECT_EQ(ref.address, address_of("g_int"));

    const Variable point_ref = read_global("g_point_ref");
    EXPECT_EQ(point_ref.type, "values_fixture::Point &");
    EXPECT_EQ(point_ref.value, "@" + hex(address_of("g_point")) + ": {x = 1, y = 2}");
    EXPECT_EQ(point_ref.address, address_of("g_point"));
    EXPECT_EQ(point_ref.children.size(), 2u);

    const Variable rvalue = read_global("g_rvalue_ref");
    EXPECT_EQ(rvalue.type, "int &&");
    EXPECT_EQ(rvalue.value, "@" + hex(pointer_in("g_rvalue_ref")) + ": 5");
    EXPECT_EQ(rvalue.address, pointer_in("g_rvalue_ref"));
}

TEST(Values, MemberPointersAndNullptr) {
    const Variable member = read_global("g_member_ptr");
    EXPECT_EQ(member.type, "int values_fixture::Point::*");
    EXPECT_EQ(member.value, "&values_fixture::Point::y");
    const Variable null = read_global("g_nullptr");
    EXPECT_EQ(null.type, "std::nullptr_t");
    EXPECT_EQ(null.value, "0x0");
}

TEST(Values, Arrays) {
    expect_all({
        {"g_int_array", "{1, 2, 3}", "int [3]"},
        {"g_matrix", "{{1, 2, 3}, {4, 5, 6}}", "int [2][3]"},
        {"g_char_array", "\"abc\\000\\000\\000\\000\"", "char [8]"},
        {"g_char_array_full", "\"abcd\"", "char [4]"},
        {"g_char_array_nul", "\"a\\000b\\000\\000\"", "char [6]"},
        {"g_point_array", "{{x = 1, y = 2}, {x = 3, y = 4}}", "values_fixture::Point [2]"},
        {"g_bool_array", "{true, false}", "bool [2]"},
        {"g_double_array", "{0.5, 0.1}", "double [2]"},
        {"g_u16_array", "u\"hi\\000\"", "char16_t [4]"},
        {"g_wide_array", "L\"w\\000\"", "wchar_t [3]"},
        {"g_byte_array", "\"\\001\\002\\003\"", "unsigned char [3]"},
    });
    const Variable matrix = read_global("g_matrix");
    ASSERT_EQ(matrix.children.size(), 2u);
    EXPECT_EQ(matrix.children[1].name, "[1]");
    EXPECT_EQ(matrix.children[1].kind, "element");
    EXPECT_EQ(matrix.children[1].type, "int [3]");
    EXPECT_EQ(matrix.children[1].value, "{4, 5, 6}");
    EXPECT_EQ(matrix.children[1].address, address_of("g_matrix") + 12);
    ASSERT_EQ(matrix.children[1].children.size(), 3u);
    EXPECT_EQ(matrix.children[1].children[2].value, "6");
    EXPECT_EQ(matrix.children[1].children[2].address, address_of("g_matrix") + 20);

    const Variable mixed = read_global("g_mixed");
    EXPECT_EQ(mixed.value, "{name = \"ab\\000\\000\\000\\000\\000\", counts = {4, 5, 6}, where = " +
                               hex(address_of("g_point")) +
                               ", color = values_fixture::Color::Blue}");
}

TEST(Values, Strings) {
    expect_all({
        {"g_string", "\"kiwi-7\"", "std::string"},
        {"g_empty_string", "\"\"", "std::string"},
        {"g_wstring", "L\"wide\"", "std::wstring"},
        {"g_u16string", "u\"sixteen\"", "std::u16string"},
    });
    const Variable long_string = read_global("g_long_string");
    EXPECT_EQ(long_string.value, "\"" + std::string(256, 'x') + "\"...");
    EXPECT_EQ(long_string.status, ValueStatus::truncated);
    EXPECT_TRUE(long_string.children.empty());
}

TEST(Values, TypeNamesOfStandardTemplates) {
    Dwarf_Die vector = values_test::type_of_global("g_vector");
    EXPECT_EQ(capsule::values::type_name(&vector), "std::vector<int, std::allocator<int> >");
    Dwarf_Die unique = values_test::type_of_global("g_unique");
    EXPECT_EQ(capsule::values::type_name(&unique),
              "std::unique_ptr<values_fixture::Point, std::default_delete<values_fixture::Point> >");
    EXPECT_EQ(capsule::values::type_name(nullptr), "void");
}

}  // namespace

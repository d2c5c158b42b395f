// Every scalar kind, pointer, reference, array, struct, bit-field, union and
// typedef, printed the way gdb prints it (values taken from gdb 13 on these
// very victims).
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Scalars : public ::testing::TestWithParam<std::string> {};

TEST_P(Scalars, ValuesAsGdbPrintsThem) {
    const std::string variant = GetParam();
    const Report report = capture_victim("scalars", variant);
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 2u);
    const Frame& f = thread.frames[0];
    expect_frame(f, "scalars_frame", "scalars.cpp",
                 marker_line(victim_source("scalars"), "CAPTURE-LINE"));
    EXPECT_EQ(thread.frames[1].function, "main");

    expect_var(f, "v_schar", "local", "-5 '\\373'");
    expect_var(f, "v_uchar", "local", "200 '\\310'");
    expect_var(f, "v_char", "local", "65 'A'");
    expect_var(f, "v_wchar", "local", "87 L'W'");
    expect_var(f, "v_char8", "local", "117 'u'");
    expect_var(f, "v_char16", "local", "66 u'B'");
    expect_var(f, "v_char32", "local", "67 U'C'");
    expect_var(f, "v_bool", "local", "true");
    expect_var(f, "v_short", "local", "-300");
    expect_var(f, "v_ushort", "local", "60000");
    expect_var(f, "v_int", "local", "-123456");
    expect_var(f, "v_uint", "local", "4000000000");
    expect_var(f, "v_long", "local", "-9000000000");
    expect_var(f, "v_ulong", "local", "18000000000000000000");
    expect_var(f, "v_llong", "local", "-42");
    expect_var(f, "v_int8", "local", "9 '\\t'");
    expect_var(f, "v_uint16", "local", "65535");
    expect_var(f, "v_int32", "local", "-2147483648");
    expect_var(f, "v_uint64", "local", "1");
    expect_var(f, "v_int128", "local", "18446744073709551621");
    expect_var(f, "v_float", "local", "1.5");
    expect_var(f, "v_double", "local", "-2.25");
    expect_var(f, "v_ldouble", "local", "3.75");
    expect_var(f, "v_color", "local", "green");
    expect_var(f, "v_shade", "local", "Shade::dark");
    expect_var(f, "v_perm", "local", "(perm_read | perm_exec)");
    expect_var_matching(f, "v_ptr", "local", "0x[0-9a-f]+ <global_target>");
    expect_var_matching(f, "v_text", "local", "0x[0-9a-f]+ \"hello\"");
    expect_var(f, "v_null", "local", "0x0");
    expect_var(f, "v_dangling", "local", "0x10");
    expect_var(f, "v_counter", "local", "99");
    expect_var(f, "v_meters", "local", "0.5");
    expect_var(f, "v_const", "local", "11");
    expect_var(f, "v_volatile", "local", "12");

    if (const Variable* v = find_var(f, "v_counter")) EXPECT_EQ(v->type, "Counter");
    if (const Variable* v = find_var(f, "v_const")) EXPECT_EQ(v->type, "const int");
    if (const Variable* v = find_var(f, "v_volatile")) EXPECT_EQ(v->type, "volatile int");
    if (const Variable* v = find_var(f, "v_text")) EXPECT_EQ(v->type, "const char *");

    if (const Variable* v = expect_var(f, "v_array", "local", "{1, 2, 3, 4}")) {
        EXPECT_EQ(v->type, "int [4]");
        EXPECT_EQ(child_values(*v), (std::vector<std::string>{"1", "2", "3", "4"}));
        ASSERT_EQ(v->children.size(), 4u);
        EXPECT_EQ(v->children[3].name, "[3]");
        EXPECT_EQ(v->children[3].kind, "element");
    }
    if (const Variable* v = expect_var(f, "v_grid", "local", "{{1, 2, 3}, {4, 5, 6}}")) {
        EXPECT_EQ(v->type, "int [2][3]");
        ASSERT_EQ(v->children.size(), 2u);
        EXPECT_EQ(child_values(v->children[1]), (std::vector<std::string>{"4", "5", "6"}));
    }
    if (const Variable* v =
            expect_var(f, "v_point", "local", "{<Base> = {base_id = 1}, x = 2, y = 3}")) {
        ASSERT_EQ(v->children.size(), 3u);
        EXPECT_EQ(v->children[0].kind, "base");
        EXPECT_EQ(v->children[0].name, "Base");
        ASSERT_EQ(v->children[0].children.size(), 1u);
        EXPECT_EQ(v->children[0].children[0].name, "base_id");
        EXPECT_EQ(v->children[0].children[0].value, "1");
        EXPECT_EQ(v->children[1].name, "x");
        EXPECT_EQ(v->children[1].kind, "member");
        EXPECT_EQ(v->children[2].value, "3");
    }
    if (const Variable* v = expect_var(f, "v_bits", "local", "{ready = 1, mode = 5, level = -3}"))
        EXPECT_EQ(child_values(*v), (std::vector<std::string>{"1", "5", "-3"}));
    expect_var(f, "v_number", "local", "{i = 1, f = 1e-45}");

    // At -O2 parameters that are dead by the capture and a reference the
    // compiler folded into its target are optimized out; the gdb oracle test
    // checks those builds against gdb.
    if (!is_optimized(variant)) {
        expect_var(f, "count", "param", "3");
        expect_var_matching(f, "label", "param", "0x[0-9a-f]+ \"params\"");
        expect_var_matching(f, "v_ref", "local", "@0x[0-9a-f]+: 7");
    }
}

INSTANTIATE_TEST_SUITE_P(Victims, Scalars, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

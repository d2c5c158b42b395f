// Which frames are the user's: function-name normalization, the built-in
// frame classes and the user's frame rules.
#include "fingerprint/frame_class.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fingerprint/fingerprint.hpp"
#include "fingerprint/function_name.hpp"
#include "frame_factory.hpp"

namespace capsule::fingerprint {
namespace {

using testing::frame;

TEST(NormalizeFunction, Cases) {
    EXPECT_EQ(normalize_function("main"), "main");
    EXPECT_EQ(normalize_function("foo(int, char const*)"), "foo(int,char const*)");
    EXPECT_EQ(normalize_function("void ns::run<int>(int)"), "ns::run<int>(int)");
    EXPECT_EQ(normalize_function("std::vector<int, std::allocator<int> > make<int>(unsigned long)"),
              "make<int>(unsigned long)");
    EXPECT_EQ(normalize_function("char const* name_of<E>(E) [clone .constprop.0]"),
              "name_of<E>(E)");
    EXPECT_EQ(normalize_function("(anonymous namespace)::helper(int)"),
              "(anonymous namespace)::helper(int)");
    EXPECT_EQ(normalize_function("{anonymous}::helper(int)"), "(anonymous namespace)::helper(int)");
    EXPECT_EQ(normalize_function("run()::{lambda(int)#2}::operator()(int) const"),
              "run()::{lambda(int)}::operator()(int) const");
    EXPECT_EQ(normalize_function("Widget::draw() const::{lambda()#1}::operator()() const"),
              "Widget::draw() const::{lambda()}::operator()() const");
    EXPECT_EQ(normalize_function("make_name[abi:cxx11](int)"), "make_name(int)");
    EXPECT_EQ(normalize_function("std::__cxx11::basic_string<char, std::char_traits<char>, "
                                 "std::allocator<char> > to_text[abi:cxx11]<int>(int)"),
              "to_text<int>(int)");
    EXPECT_EQ(normalize_function("compute.constprop.0"), "compute");
    EXPECT_EQ(normalize_function("main.cold"), "main");
    EXPECT_EQ(normalize_function("f.isra.0.part.1"), "f");
    EXPECT_EQ(normalize_function("g.llvm.1234567"), "g");
    EXPECT_EQ(normalize_function("version.2"), "version.2");
    EXPECT_EQ(normalize_function("handler+0x1a"), "handler");
    EXPECT_EQ(normalize_function("0x401136"), "");
    EXPECT_EQ(normalize_function("??"), "");
    EXPECT_EQ(normalize_function(""), "");
    EXPECT_EQ(normalize_function("bool ns::operator< <int>(ns::X<int> const&, ns::X<int> const&)"),
              "ns::operator<<int>(ns::X<int> const&,ns::X<int> const&)");
    EXPECT_EQ(normalize_function("std::ostream& operator<<(std::ostream&, Point const&)"),
              "operator<<(std::ostream&,Point const&)");
    EXPECT_EQ(normalize_function("Pool::operator new(unsigned long)"),
              "Pool::operator new(unsigned long)");
    EXPECT_EQ(normalize_function("Handle::operator bool() const"), "Handle::operator bool() const");
    EXPECT_EQ(normalize_function("decltype (({parm#1}.size)()) size_of<V>(V const&)"),
              "size_of<V>(V const&)");
    EXPECT_EQ(normalize_function("main::'lambda2'(int)::operator()(int) const"),
              "main::'lambda'(int)::operator()(int) const");
    EXPECT_EQ(normalize_function("  foo (  int  ,  int )  "), "foo(int,int)");
}

TEST(NormalizeSpaces, NamesAndSourceText) {
    EXPECT_EQ(normalize_spaces("std::map<int, std::vector<int> > const&"),
              "std::map<int,std::vector<int>> const&");
    EXPECT_EQ(normalize_spaces("unsigned   long\t*"), "unsigned long*");
    EXPECT_EQ(normalize_spaces("char const* f"), "char const* f");
    // Source text: only spaces between words stay, literals stay as written.
    EXPECT_EQ(normalize_spaces("EXPECT_TRUE( *p  > limit )", true), "EXPECT_TRUE(*p>limit)");
    EXPECT_EQ(normalize_spaces("EXPECT_TRUE(*p>limit)", true), "EXPECT_TRUE(*p>limit)");
    EXPECT_EQ(normalize_spaces("f( \"a  b\" , 'x' )", true), "f(\"a  b\",'x')");
    EXPECT_EQ(normalize_spaces("g(\"q\\\"  \")", true), "g(\"q\\\"  \")");
    EXPECT_EQ(normalize_spaces("return x", true), "return x");
    EXPECT_EQ(normalize_spaces("  \n ", true), "");
}

TEST(FrameClass, BuiltIn) {
    auto cls = [](std::string function, std::string file = "/src/app/x.cpp",
                  std::string module = "/build/app_tests") {
        return classify(frame(std::move(function), std::move(file), std::move(module)), {},
                        "/build/app_tests");
    };
    EXPECT_EQ(cls("capsule::capture_this_thread(capsule::Failure const&)"), "capsule");
    EXPECT_EQ(cls("void capsule::values::read<int>(int)"), "capsule");
    EXPECT_EQ(cls("my::capsule::pack()"), "user");
    EXPECT_EQ(cls("write_capsule_file(int)"), "user");
    EXPECT_EQ(cls("void run<capsule::Report>(capsule::Report&)"), "user");

    EXPECT_EQ(cls("testing::Test::Run()", ""), "test-framework");
    EXPECT_EQ(cls("Catch::RunContext::runTest()", ""), "test-framework");
    EXPECT_EQ(cls("RUN_ALL_TESTS()", "/usr/include/gtest/gtest.h"), "test-framework");
    EXPECT_EQ(cls("helper()", "/x/_deps/googletest-src/googletest/src/gtest-port.cc"),
              "test-framework");
    EXPECT_EQ(cls("main", "/usr/include/catch2/catch.hpp"), "test-framework");
    EXPECT_EQ(cls("main", "/usr/src/googletest/googletest/src/gtest_main.cc"), "test-framework");
    EXPECT_EQ(cls("helper()", "", "/usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1"),
              "test-framework");
    EXPECT_EQ(cls("helper()", "", "/opt/lib/libCatch2Main.so"), "test-framework");
    // A user's own directory named gtest holds user code.
    EXPECT_EQ(cls("helper()", "/src/tests/gtest/parser_test.cpp"), "user");

    EXPECT_EQ(cls("std::vector<int, std::allocator<int> >::at(unsigned long)"), "std");
    EXPECT_EQ(cls("__gnu_cxx::__verbose_terminate_handler()", ""), "std");
    EXPECT_EQ(cls("__cxxabiv1::__terminate(void (*)())", ""), "std");
    EXPECT_EQ(cls("__cxa_throw", "", "/lib/x86_64-linux-gnu/libstdc++.so.6"), "std");
    EXPECT_EQ(cls("sort_helper(int*)", "/usr/include/c++/12/bits/stl_algo.h"), "std");
    EXPECT_EQ(
        cls("inline_thing()", "/opt/toolchain/include/x86_64-linux-gnu/bits/string_fortified.h"),
        "std");
    // A returned std type does not make a function std.
    EXPECT_EQ(cls("std::vector<int, std::allocator<int> > make<int>(int)"), "user");
    EXPECT_EQ(cls("bits_of(int)", "/src/app/bits/bits_of.cpp"), "user");

    EXPECT_EQ(cls("memcpy", "", "/lib/x86_64-linux-gnu/libc.so.6"), "system");
    EXPECT_EQ(cls("_dl_start", "", "/lib64/ld-linux-x86-64.so.2"), "system");
    EXPECT_EQ(cls("_Unwind_RaiseException", "", "/lib/x86_64-linux-gnu/libgcc_s.so.1"), "system");
    EXPECT_EQ(cls("ssl_read", "", "/usr/lib/x86_64-linux-gnu/libssl.so.3"), "system");
    EXPECT_EQ(cls("_start", "", "/build/app_tests"), "system");
    EXPECT_EQ(cls("__libc_start_main", "", "/build/static_tests"), "system");
    EXPECT_EQ(cls("__libc_start_call_main", ""), "system");
    EXPECT_EQ(cls("clone", ""), "system");
    // Names from DWARF carry parameter lists.
    EXPECT_EQ(cls("__libc_start_call_main(int (*)(int, char**, char**), int, char**)", ""),
              "system");
    EXPECT_EQ(cls("start_thread(void*)", ""), "system");
    EXPECT_EQ(cls("start_thread", ""), "system");
    EXPECT_EQ(cls("", ""), "system");
    EXPECT_EQ(cls("0x7f12345678", ""), "system");

    EXPECT_EQ(cls("ParserTest_Numbers_Test::TestBody()"), "user");
    EXPECT_EQ(cls("main"), "user");
    EXPECT_EQ(cls("clone_tree(Node const*)"), "user");
    // The program itself, even installed under /usr/lib, is not a system module.
    EXPECT_EQ(classify(frame("run()", "", "/usr/lib/pkg/tests/run_tests"), {},
                       "/usr/lib/pkg/tests/run_tests"),
              "user");
}

TEST(FrameClass, UserRulesOverrideLaterWins) {
    Frame lib = frame("json::parse(char const*)", "/src/third_party/json/json.hpp");
    Frame vec = frame("std::vector<int, std::allocator<int> >::at(unsigned long)",
                      "/usr/include/c++/12/bits/stl_vector.h");
    Frame own = frame("mylib::decode(int)", "", "/usr/lib/x86_64-linux-gnu/libmylib.so.1");

    EXPECT_EQ(classify(lib, {}), "user");
    EXPECT_EQ(classify(lib, {*parse_frame_rule("-app:file:*/third_party/*")}), "system");
    EXPECT_EQ(classify(lib, {*parse_frame_rule("-app:file:json.hpp")}), "system");
    EXPECT_EQ(classify(lib, {*parse_frame_rule("-app:file:*/third_party/*"),
                             *parse_frame_rule("+app:function:json::parse*")}),
              "user");
    EXPECT_EQ(classify(lib, {*parse_frame_rule("+app:function:json::parse*"),
                             *parse_frame_rule("-app:file:*/third_party/*")}),
              "system");
    // -app keeps a more specific class; +app wins over it.
    EXPECT_EQ(classify(vec, {*parse_frame_rule("-app:function:*")}), "std");
    EXPECT_EQ(classify(vec, {*parse_frame_rule("+app:function:std::vector<*")}), "user");
    EXPECT_EQ(classify(own, {}, "/build/app_tests"), "system");
    EXPECT_EQ(classify(own, {*parse_frame_rule("+app:module:libmylib.so*")}, "/build/app_tests"),
              "user");
    EXPECT_EQ(classify(own, {*parse_frame_rule("+app:module:/usr/lib/*/libmylib.so.1")}), "user");
    EXPECT_EQ(classify(own, {*parse_frame_rule("+app:module:libother*")}), "system");
}

TEST(FrameRules, Parse) {
    auto r = parse_frame_rule("+app:function:mylib::*");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->app);
    EXPECT_EQ(r->field, "function");
    EXPECT_EQ(r->pattern, "mylib::*");
    r = parse_frame_rule("  -app:file:*/vendor/*  ");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->app);
    EXPECT_EQ(r->field, "file");
    EXPECT_EQ(r->pattern, "*/vendor/*");
    r = parse_frame_rule("+app:module:libfoo.so*");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->field, "module");
    for (const char* bad : {"", "+", "app:function:x", "*app:function:x", "+app:line:3",
                            "+app:function:", "+app:function", "+lib:function:x", "+app:"})
        EXPECT_FALSE(parse_frame_rule(bad)) << bad;
}

TEST(FrameRules, Glob) {
    EXPECT_TRUE(glob_match("*", ""));
    EXPECT_TRUE(glob_match("*", "anything/at::all"));
    EXPECT_TRUE(glob_match("lib*.so*", "libfoo.so.1"));
    EXPECT_TRUE(glob_match("a?c", "abc"));
    EXPECT_FALSE(glob_match("a?c", "ac"));
    EXPECT_TRUE(glob_match("*/third_party/*", "/src/third_party/json.hpp"));
    EXPECT_FALSE(glob_match("*/third_party/*", "/src/thirdparty/json.hpp"));
    EXPECT_TRUE(glob_match("*a*b*c", "xaybzc"));
    EXPECT_FALSE(glob_match("*a*b*c", "xaybzcd"));
    EXPECT_FALSE(glob_match("abc", "abcd"));
    EXPECT_FALSE(glob_match("ABC", "abc"));
    EXPECT_TRUE(glob_match("", ""));
    EXPECT_FALSE(glob_match("", "a"));
    EXPECT_FALSE(glob_match(std::string(30, '*') + "b", std::string(2000, 'a')));
}

}  // namespace
}  // namespace capsule::fingerprint

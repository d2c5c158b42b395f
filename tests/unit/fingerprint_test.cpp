// Failure fingerprints: which fields count, stability, recursion folding.
#include "fingerprint/fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fingerprint/frame_class.hpp"
#include "fingerprint/function_name.hpp"
#include "frame_factory.hpp"
#include "fingerprint/recursion.hpp"

namespace capsule::fingerprint {
namespace {

using testing::frame;

// A typical GoogleTest failure, top of the stack first.
std::vector<Frame> gtest_stack() {
    return {
        frame("testing::internal::AssertHelper::operator=(testing::Message const&) const",
              "/usr/src/googletest/googletest/src/gtest.cc"),
        frame("std::vector<int, std::allocator<int> >::size() const",
              "/usr/include/c++/12/bits/stl_vector.h"),
        frame("parser::parse_number(std::basic_string_view<char, std::char_traits<char> >)",
              "/src/app/parser.cpp", "/build/app_tests", 41),
        frame("parser::parse(std::basic_string_view<char, std::char_traits<char> >)",
              "/src/app/parser.cpp", "/build/app_tests", 88),
        frame("ParserTest_Numbers_Test::TestBody()", "/src/tests/parser_test.cpp",
              "/build/app_tests", 12),
        frame("void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, "
              "void>(testing::Test*, void (testing::Test::*)(), char const*)",
              "", "/build/app_tests"),
        frame("main", "", "/build/app_tests"),
        frame("__libc_start_call_main", "", "/lib/x86_64-linux-gnu/libc.so.6"),
        frame("_start", "", "/build/app_tests"),
    };
}

Report assertion_report() {
    Report r;
    r.kind = "assertion";
    r.binary = "/build/app_tests";
    r.message = "Expected equality of these values:\n  total\n    Which is: 3\n  6";
    r.assertion.expression = "EXPECT_EQ(total, 6)";
    r.assertion.file = "/src/tests/parser_test.cpp";
    r.assertion.line = 14;
    Thread other;
    other.frames = {frame("worker_loop()")};
    Thread failing;
    failing.failing = true;
    failing.frames = gtest_stack();
    r.threads = {other, failing};
    return r;
}

std::string fp(Report r, const std::vector<FrameRule>& rules = {}) {
    classify_frames(r, rules);
    compute(r);
    return r.fingerprint;
}

TEST(Fingerprint, FillsFieldsFromTopThreeUserFrames) {
    Report r = assertion_report();
    classify_frames(r, {});
    compute(r);
    EXPECT_EQ(r.fingerprint.size(), 64u);
    EXPECT_EQ(r.fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(r.fingerprint_version, 1);
    std::vector<std::string> expected = {
        "parser::parse_number(std::basic_string_view<char,std::char_traits<char>>)",
        "parser::parse(std::basic_string_view<char,std::char_traits<char>>)",
        "ParserTest_Numbers_Test::TestBody()"};
    EXPECT_EQ(r.fingerprint_frames, expected);
    EXPECT_EQ(short_form(r.fingerprint), r.fingerprint.substr(0, 12));
    EXPECT_EQ(short_form("abc"), "abc");
    // Deterministic, and without classify_frames the built-in rules apply.
    Report again = assertion_report();
    compute(again);
    EXPECT_EQ(again.fingerprint, r.fingerprint);
}

// Version 1 is a stored format: capsules written today must keep matching.
TEST(Fingerprint, Version1IsStable) {
    Report r;
    r.kind = "assertion";
    r.assertion.expression = "EXPECT_EQ(parse(1), 2)";
    Thread t;
    t.failing = true;
    t.frames = {frame("testing::internal::AssertHelper::operator=(testing::Message const&) const",
                      "", "/usr/lib/x86_64-linux-gnu/libgtest.so"),
                frame("int parse<int>(int) [clone .constprop.0]"),
                frame("Suite_T_Test::TestBody()", "/src/tests/t.cpp")};
    r.threads = {t};
    compute(r);
    // sha256 of "capsule-fingerprint=1\nkind=assertion\nsignal=\nexception=\n"
    // "frame=parse<int>(int)\nframe=Suite_T_Test::TestBody()\nexpression=EXPECT_EQ(parse(1),2)\n"
    EXPECT_EQ(r.fingerprint, "1e513ee35ebf418294afdc8ea5554cecd8fa5ff9062909cf63c006eab8f75ac6");
}

TEST(Fingerprint, IgnoresLinesAddressesPathsAndPcs) {
    Report a = assertion_report();
    Report b = assertion_report();
    for (Frame& f : b.threads[1].frames) {
        f.line += 7;
        f.column = 3;
        f.pc += 0x1000;
        f.build_id = "deadbeef";
        if (f.file.rfind("/src/", 0) == 0) f.file = "/home/other/checkout" + f.file;
        if (f.module == "/build/app_tests") f.module = "/tmp/b/app_tests";
    }
    b.binary = "/tmp/b/app_tests";
    b.assertion.file = "/elsewhere/parser_test.cpp";
    b.assertion.line = 99;
    b.pid = 4242;
    b.time = "2030-01-01T00:00:00Z";
    EXPECT_EQ(fp(a), fp(b));
}

TEST(Fingerprint, DifferentTopUserFunctionDiffers) {
    Report b = assertion_report();
    b.threads[1].frames[2].function =
        "parser::parse_word(std::basic_string_view<char, "
        "std::char_traits<char> >)";
    EXPECT_NE(fp(assertion_report()), fp(b));
    // An overload is another function.
    Report c = assertion_report();
    c.threads[1].frames[2].function = "parser::parse_number(char const*)";
    EXPECT_NE(fp(assertion_report()), fp(c));
}

TEST(Fingerprint, AssertionExpressionCountsNotTheMessage) {
    Report other_expression = assertion_report();
    other_expression.assertion.expression = "EXPECT_EQ(total, 7)";
    EXPECT_NE(fp(assertion_report()), fp(other_expression));

    Report other_values = assertion_report();
    other_values.message = "Expected equality of these values:\n  total\n    Which is: 5\n  6";
    EXPECT_EQ(fp(assertion_report()), fp(other_values));

    Report reformatted = assertion_report();
    reformatted.assertion.expression = "EXPECT_EQ( total,\n           6 )";
    EXPECT_EQ(fp(assertion_report()), fp(reformatted));

    // Spaces inside a literal are what the test compares.
    Report a = assertion_report(), b = assertion_report();
    a.assertion.expression = "EXPECT_EQ(s, \"a b\")";
    b.assertion.expression = "EXPECT_EQ(s, \"a  b\")";
    EXPECT_NE(fp(a), fp(b));
}

TEST(Fingerprint, KindSignalAndExceptionCount) {
    Report crash = assertion_report();
    crash.kind = "crash";
    crash.signal.name = "SIGSEGV";
    Report abort = crash;
    abort.signal.name = "SIGABRT";
    EXPECT_NE(fp(crash), fp(abort));
    EXPECT_NE(fp(crash), fp(assertion_report()));
    // The expression only counts for assertions.
    Report crash2 = crash;
    crash2.assertion.expression = "something else";
    EXPECT_EQ(fp(crash), fp(crash2));

    Report ex = assertion_report();
    ex.kind = "exception";
    ex.exception.type = "std::out_of_range";
    ex.exception.what = "vector::_M_range_check: __n (which is 5)";
    Report ex2 = ex;
    ex2.exception.what = "vector::_M_range_check: __n (which is 9)";
    Report ex3 = ex;
    ex3.exception.type = "std::invalid_argument";
    EXPECT_EQ(fp(ex), fp(ex2));
    EXPECT_NE(fp(ex), fp(ex3));
}

TEST(Fingerprint, FrameworkAndStdFramesAboveUserFramesIgnored) {
    Report a = assertion_report();
    Report b = assertion_report();
    auto& frames = b.threads[1].frames;
    frames.insert(
        frames.begin(),
        {frame("Catch::AssertionHandler::handleExpr<bool>(Catch::ExprLhs<bool> const&)",
               "/usr/include/catch2/catch.hpp"),
         frame("std::__throw_out_of_range_fmt(char const*, ...)", "",
               "/lib/x86_64-linux-gnu/libstdc++.so.6"),
         frame("__gnu_cxx::__verbose_terminate_handler()", ""),
         frame("capsule::capture_this_thread(capsule::Failure const&)"),
         frame("raise", "", "/lib/x86_64-linux-gnu/libc.so.6"), frame("", "", "/build/app_tests")});
    EXPECT_EQ(fp(a), fp(b));
}

TEST(Fingerprint, RecursionIsFolded) {
    auto recursive = [](int pairs, bool extra_top_frame) {
        Report r = assertion_report();
        r.kind = "crash";
        r.signal.name = "SIGSEGV";
        std::vector<Frame> frames;
        if (extra_top_frame) frames.push_back(frame("std::string::size() const", ""));
        for (int i = 0; i < pairs; ++i) {
            frames.push_back(frame("walk_f(Node const*)", "/src/app/tree.cpp", "/app", 10 + i));
            frames.push_back(frame("walk_g(Node const*)", "/src/app/tree.cpp", "/app", 20 + i));
        }
        frames.push_back(frame("walk_f(Node const*)"));
        frames.push_back(frame("TreeTest_Deep_Test::TestBody()", "/src/tests/tree_test.cpp"));
        frames.push_back(frame("main", "", "/build/app_tests"));
        r.threads[1].frames = frames;
        return r;
    };
    Report deep = recursive(40, false);
    classify_frames(deep, {});
    compute(deep);
    std::vector<std::string> expected = {"walk_f(Node const*)", "walk_g(Node const*)",
                                         "walk_f(Node const*)"};
    EXPECT_EQ(deep.fingerprint_frames, expected);
    EXPECT_EQ(fp(recursive(40, false)), fp(recursive(3, false)));
    EXPECT_EQ(fp(recursive(3, false)), fp(recursive(7, true)));

    // Direct recursion: a cycle of one, folded from three repetitions on.
    auto direct = [](int depth) {
        Report r = assertion_report();
        r.threads[1].frames.clear();
        for (int i = 0; i < depth; ++i) r.threads[1].frames.push_back(frame("fact(int)"));
        r.threads[1].frames.push_back(frame("run()"));
        r.threads[1].frames.push_back(frame("Suite_T_Test::TestBody()"));
        classify_frames(r, {});
        compute(r);
        return r;
    };
    EXPECT_EQ(direct(4).fingerprint_frames,
              (std::vector<std::string>{"fact(int)", "run()", "Suite_T_Test::TestBody()"}));
    EXPECT_EQ(direct(3).fingerprint, direct(50).fingerprint);
    EXPECT_EQ(direct(2).fingerprint_frames,
              (std::vector<std::string>{"fact(int)", "fact(int)", "run()"}));
    EXPECT_NE(direct(2).fingerprint, direct(3).fingerprint);
}

std::vector<std::string> repeat(const std::vector<std::string>& cycle, int times) {
    std::vector<std::string> out;
    for (int i = 0; i < times; ++i) out.insert(out.end(), cycle.begin(), cycle.end());
    return out;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

TEST(FoldRecursion, Cycles) {
    using V = std::vector<std::string>;
    EXPECT_EQ(fold_recursion({}), V{});
    EXPECT_EQ(fold_recursion({"a", "b", "c"}), (V{"a", "b", "c"}));
    EXPECT_EQ(fold_recursion(repeat({"f"}, 3) + V{"main"}), (V{"f", "main"}));
    EXPECT_EQ(fold_recursion(repeat({"f"}, 2) + V{"main"}), (V{"f", "f", "main"}));
    EXPECT_EQ(fold_recursion(repeat({"f", "g"}, 3) + V{"main"}), (V{"f", "g", "main"}));
    EXPECT_EQ(fold_recursion(repeat({"f", "g"}, 2) + V{"main"}), (V{"f", "g", "f", "g", "main"}));
    // Entered part-way, and with a cycle above it.
    EXPECT_EQ(fold_recursion(V{"top"} + repeat({"h", "f", "g"}, 5) + V{"h", "main"}),
              (V{"top", "h", "f", "g", "h", "main"}));
    EXPECT_EQ(fold_recursion(repeat({"x"}, 4) + repeat({"y", "z"}, 3)), (V{"x", "y", "z"}));
    V ten, eleven;
    for (int i = 0; i < 10; ++i) ten.push_back("s" + std::to_string(i));
    eleven = ten + V{"s10"};
    EXPECT_EQ(fold_recursion(repeat(ten, 3) + V{"main"}), ten + V{"main"});
    EXPECT_EQ(fold_recursion(repeat(eleven, 3)), repeat(eleven, 3));
    // The shortest cycle wins: f,f,f,f,f,f is f, not f,f.
    EXPECT_EQ(fold_recursion(repeat({"f"}, 6)), V{"f"});
}

TEST(Fingerprint, LambdaCountersAndCloneSuffixesDoNotCount) {
    Report a = assertion_report();
    Report b = assertion_report();
    a.threads[1].frames[2].function =
        "parser::parse(int)::{lambda(char)#1}::operator()(char) const";
    b.threads[1].frames[2].function =
        "parser::parse(int)::{lambda(char)#3}::operator()(char) const [clone .constprop.0]";
    a.threads[1].frames[3].function = "parser::helper(int) [clone .isra.0]";
    b.threads[1].frames[3].function = "parser::helper(int) [clone .part.1] [clone .cold]";
    EXPECT_EQ(fp(a), fp(b));
}

TEST(Fingerprint, NoUserFrameFallsBackToNonCapsuleFrames) {
    Report r;
    r.kind = "crash";
    r.signal.name = "SIGABRT";
    Thread t;
    t.failing = true;
    t.frames = {frame("capsule::crash::handler(int)"),
                frame("raise", "", "/lib/x86_64-linux-gnu/libc.so.6"),
                frame("abort", "", "/lib/x86_64-linux-gnu/libc.so.6"),
                frame("std::terminate()", "", "/lib/x86_64-linux-gnu/libstdc++.so.6"),
                frame("__cxa_throw", "", "/lib/x86_64-linux-gnu/libstdc++.so.6")};
    r.threads = {t};
    classify_frames(r, {});
    compute(r);
    EXPECT_EQ(r.fingerprint_frames,
              (std::vector<std::string>{"raise", "abort", "std::terminate()"}));
    EXPECT_EQ(r.fingerprint.size(), 64u);

    Report empty;
    empty.kind = "snapshot";
    compute(empty);
    EXPECT_EQ(empty.fingerprint.size(), 64u);
    EXPECT_TRUE(empty.fingerprint_frames.empty());
}

TEST(Fingerprint, UserRulesChangeWhichFramesCount) {
    // Marking the parser as library code moves the fingerprint to the test body.
    std::vector<FrameRule> rules = {*parse_frame_rule("-app:function:parser::*")};
    Report r = assertion_report();
    classify_frames(r, rules);
    compute(r);
    EXPECT_EQ(r.fingerprint_frames,
              (std::vector<std::string>{"ParserTest_Numbers_Test::TestBody()"}));
}

TEST(FrameClass, GtestMainWithoutDebugInfo) {
    Report r = assertion_report();
    classify_frames(r, {});
    const auto& frames = r.threads[1].frames;
    EXPECT_EQ(frames[0].category, "test-framework");
    EXPECT_EQ(frames[1].category, "std");
    EXPECT_EQ(frames[2].category, "user");
    EXPECT_EQ(frames[4].category, "user");
    EXPECT_EQ(frames[5].category, "test-framework");
    EXPECT_EQ(frames[6].category, "test-framework");  // main below testing:: frames
    EXPECT_EQ(frames[7].category, "system");
    EXPECT_EQ(r.threads[0].frames[0].category, "user");

    // A user's own main stays user.
    Report own;
    Thread t;
    t.frames = {frame("run_all()"), frame("main", "", "/build/app_tests")};
    own.threads = {t};
    classify_frames(own, {});
    EXPECT_EQ(own.threads[0].frames[1].category, "user");

    Report with_params;
    t.frames = {frame("testing::UnitTest::Run()", ""),
                frame("main(int, char**)", "", "/build/app_tests")};
    with_params.threads = {t};
    classify_frames(with_params, {});
    EXPECT_EQ(with_params.threads[0].frames[1].category, "test-framework");
}

}  // namespace
}  // namespace capsule::fingerprint

// The oracle's reading of gdb output and its comparison rules, on fixed text:
// a wrong parser would make every end-to-end verdict meaningless.
#include <gtest/gtest.h>

#include "gdb_oracle.hpp"
#include "gdb_value.hpp"

namespace capsule::integration {
namespace {

// Shaped like real gdb 13 output of run_under_gdb's commands, including the
// repeat after `up` fails at main.
const char* const transcript = R"(Breakpoint 1 at 0x83e0: file /src/core/capture/capture.cpp, line 40.

Breakpoint 1, capsule::capture_this_thread (failure=...) at /src/core/capture/capture.cpp:40
40	    return engine.capture(failure);
#1  0x0000555555556cc9 in Account::audit (this=0x7fffffffe630, level=2) at /src/tests/victims/scopes.cpp:22
22	        victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
@@capsule-args
this = 0x7fffffffe630
level = <optimized out>
@@capsule-locals
inner = 2
shadow = 20
point = {<Base> = {base_id = 1}, x = 2, y = 3}
shadow = 10
#2  inline_host (base=base@entry=20) at /src/tests/victims/inline_frames.cpp:15
15	    victim::sink = scaled_sum(base, bonus); // CALL-LINE scaled_sum
@@capsule-args
base = 20
@@capsule-locals
No locals.
#3  0x0000555555557273 in main (argc=2, argv=0x7fffffffe758) at /src/tests/victims/scopes.cpp:37
37	    account.audit(2);
@@capsule-args
argc = 2
argv = 0x7fffffffe758
@@capsule-locals
No locals.
@@capsule-args
argc = 2
argv = 0x7fffffffe758
@@capsule-locals
No locals.
[Inferior 1 (process 6188) exited normally]
)";

TEST(GdbTranscript, ReadsFramesArgumentsAndLocals) {
    GdbView view = parse_gdb_transcript(transcript);
    ASSERT_EQ(view.frames.size(), 3u);
    EXPECT_TRUE(view.program_exited_normally);

    const GdbFrame& audit = view.frames[0];
    EXPECT_EQ(audit.number, 1);
    EXPECT_EQ(audit.function, "Account::audit");
    EXPECT_EQ(audit.file, "/src/tests/victims/scopes.cpp");
    EXPECT_EQ(audit.line, 22);
    ASSERT_EQ(audit.args.size(), 2u);
    EXPECT_EQ(audit.args[1].name, "level");
    EXPECT_EQ(audit.args[1].value, "<optimized out>");
    ASSERT_EQ(audit.locals.size(), 4u);
    EXPECT_EQ(audit.locals[2].value, "{<Base> = {base_id = 1}, x = 2, y = 3}");
    EXPECT_EQ(audit.locals[3].name, "shadow");
    EXPECT_EQ(audit.locals[3].value, "10");

    EXPECT_EQ(view.frames[1].function, "inline_host");
    EXPECT_EQ(view.frames[1].line, 15);
    EXPECT_TRUE(view.frames[1].locals.empty());
    // The sections printed again after `up` failed are not a fourth frame and
    // not extra variables of main.
    EXPECT_EQ(view.frames[2].function, "main");
    EXPECT_EQ(view.frames[2].args.size(), 2u);
}

TEST(GdbTranscript, NoExitLineMeansTheProgramDidNotFinish) {
    GdbView view = parse_gdb_transcript("#1  f () at /a.cpp:3\n[Inferior 1 (process 9) exited with code 03]\n");
    EXPECT_FALSE(view.program_exited_normally);
    ASSERT_EQ(view.frames.size(), 1u);
    EXPECT_EQ(view.frames[0].function, "f");
}

TEST(GdbValueText, ScalarsAndAggregates) {
    EXPECT_TRUE(is_gdb_scalar("65 'A'"));
    EXPECT_TRUE(is_gdb_scalar("0x5555555630c8 <global_target>"));
    EXPECT_TRUE(is_gdb_scalar("\"a, {b}\""));
    EXPECT_FALSE(is_gdb_scalar("{1, 2}"));
    EXPECT_FALSE(is_gdb_scalar("std::vector of length 3, capacity 3 = {1, 2, 3}"));

    GdbValue v;
    ASSERT_TRUE(parse_gdb_value("{<Base> = {base_id = 1}, x = 2, s = \"a, }\", c = 44 ','}", v));
    ASSERT_EQ(v.items.size(), 4u);
    EXPECT_EQ(v.items[0].name, "<Base>");
    ASSERT_EQ(v.items[0].items.size(), 1u);
    EXPECT_EQ(v.items[0].items[0].name, "base_id");
    EXPECT_EQ(v.items[0].items[0].text, "1");
    EXPECT_EQ(v.items[2].text, "\"a, }\"");
    EXPECT_EQ(v.items[3].text, "44 ','");

    ASSERT_TRUE(parse_gdb_value("{{1, 2, 3}, {4, 5, 6}}", v));
    ASSERT_EQ(v.items.size(), 2u);
    EXPECT_EQ(v.items[1].items[2].text, "6");
    EXPECT_TRUE(v.items[1].name.empty());

    ASSERT_TRUE(parse_gdb_value("std::vector of length 3, capacity 3 = {1, 2, 3}", v));
    EXPECT_EQ(v.items.size(), 3u);
    ASSERT_TRUE(parse_gdb_value("{value = 1, next = 0x10}", v));
    EXPECT_EQ(v.items[1].text, "0x10");

    EXPECT_FALSE(parse_gdb_value("{0 <repeats 16 times>}", v));
    EXPECT_FALSE(parse_gdb_value("std::unique_ptr<int> = {get() = 0x0}", v));
    EXPECT_FALSE(parse_gdb_value("{1, 2", v));

    bool error = false;
    EXPECT_EQ(strip_gdb_memory_error("0x10 <error: Cannot access memory at address 0x10>", error),
              "0x10");
    EXPECT_TRUE(error);
    EXPECT_EQ(strip_gdb_memory_error("0x10", error), "0x10");
    EXPECT_FALSE(error);
}

Variable var(std::string name, std::string kind, std::string value,
             ValueStatus status = ValueStatus::ok) {
    Variable v;
    v.name = std::move(name);
    v.kind = std::move(kind);
    v.value = std::move(value);
    v.status = status;
    return v;
}

TEST(GdbComparison, AgreesAndDisagreesVariableByVariable) {
    GdbView view = parse_gdb_transcript(transcript);
    Thread thread;
    Frame audit;
    audit.function = "Account::audit";
    audit.file = "/elsewhere/scopes.cpp";
    audit.line = 22;
    audit.vars.push_back(var("this", "param", "0x7fffffffe630"));
    audit.vars.push_back(var("level", "param", "<optimized out>", ValueStatus::optimized_out));
    audit.vars.push_back(var("shadow", "local", "10", ValueStatus::shadowed));
    audit.vars.push_back(var("inner", "local", "2"));
    audit.vars.push_back(var("shadow", "local", "20"));
    Variable point = var("point", "local", "{...}");
    Variable base = var("Base", "base", "{base_id = 1}");
    base.children.push_back(var("base_id", "member", "1"));
    point.children.push_back(base);
    point.children.push_back(var("x", "member", "2"));
    point.children.push_back(var("y", "member", "3"));
    audit.vars.push_back(point);
    Frame host;
    host.function = "inline_host";
    host.file = "inline_frames.cpp";
    host.line = 15;
    host.vars.push_back(var("base", "param", "20"));
    Frame main_frame;
    main_frame.function = "main";
    main_frame.file = "scopes.cpp";
    main_frame.line = 37;
    thread.frames = {audit, host, main_frame};

    auto agree = compare_with_gdb(thread, view);
    EXPECT_TRUE(agree.empty()) << ::testing::PrintToString(agree);

    Thread wrong = thread;
    wrong.frames[0].vars[3].value = "3";                       // inner
    wrong.frames[0].vars[1].status = ValueStatus::ok;          // level
    wrong.frames[0].vars[5].children[1].value = "7";           // point.x
    wrong.frames[1].line = 16;
    wrong.frames[1].vars.push_back(var("extra", "local", "1"));
    auto differ = compare_with_gdb(wrong, view);
    ASSERT_EQ(differ.size(), 5u) << ::testing::PrintToString(differ);
    EXPECT_NE(differ[0].find("level: gdb <optimized out>, capsule '<optimized out>' (ok)"),
              std::string::npos) << differ[0];
    EXPECT_NE(differ[1].find("inner: gdb '2', capsule '3' (ok)"), std::string::npos) << differ[1];
    EXPECT_NE(differ[2].find("point.x: gdb '2', capsule '7'"), std::string::npos) << differ[2];
    EXPECT_NE(differ[3].find("position: capsule inline_frames.cpp:16, gdb inline_frames.cpp:15"),
              std::string::npos) << differ[3];
    EXPECT_NE(differ[4].find("extra [local]"), std::string::npos) << differ[4];

    OracleOptions later;
    later.declared_later = {"inner"};
    auto hidden = compare_with_gdb(thread, view, later);
    ASSERT_EQ(hidden.size(), 1u);
    EXPECT_NE(hidden[0].find("inner is declared below"), std::string::npos) << hidden[0];
}

TEST(GdbComparison, RepeatedOptimizedOutListingOnlyWhereDeclaredAGdbArtifact) {
    GdbView view = parse_gdb_transcript(
        "#1  0x00005555555564d8 in scaled_sum (first=20) at /v/inline_frames.cpp:8\n"
        "@@capsule-args\nfirst = 20\n@@capsule-locals\nsum = 41\nsum = <optimized out>\n");
    Thread thread;
    Frame f;
    f.function = "scaled_sum(int, int)";
    f.file = "inline_frames.cpp";
    f.line = 8;
    f.vars = {var("first", "param", "20"), var("sum", "local", "41")};
    thread.frames = {f};
    EXPECT_EQ(compare_with_gdb(thread, view).size(), 1u);
    OracleOptions repeats;
    repeats.gdb_repeats = {"scaled_sum:sum"};
    EXPECT_TRUE(compare_with_gdb(thread, view, repeats).empty());
}

}  // namespace
}  // namespace capsule::integration

TEST(GdbValueText, ShortestFloatsEqualGdbsFixedPrecision) {
    EXPECT_TRUE(capsule::integration::same_value_text("2.9", "2.8999999999999999"));
    EXPECT_TRUE(capsule::integration::same_value_text("0.1", "0.100000001"));  // a float, %.9g
    EXPECT_TRUE(capsule::integration::same_value_text("1e-45", "1.40129846e-45"));
    EXPECT_TRUE(capsule::integration::same_value_text("{i = 1, f = 1e-45}", "{i = 1, f = 1.40129846e-45}"));
    EXPECT_FALSE(capsule::integration::same_value_text("2.9", "2.9000000000000004"));
    EXPECT_FALSE(capsule::integration::same_value_text("{i = 2, f = 1e-45}", "{i = 1, f = 1.40129846e-45}"));
    EXPECT_FALSE(capsule::integration::same_value_text("12", "12.5"));
    EXPECT_FALSE(capsule::integration::same_value_text("0x10", "16"));
}

// The parts of crash handling that can be checked without crashing.
#include <gtest/gtest.h>
#include <signal.h>

#include "crash/async_text.hpp"
#include "crash/budget.hpp"
#include "crash/frames.hpp"
#include "crash/signal_names.hpp"
#include "crash/test_slot.hpp"

namespace capsule::crash {
namespace {

TEST(AsyncText, FormatsNumbersWithoutAllocating) {
    char buffer[32];
    format_decimal(buffer, sizeof buffer, 0);
    EXPECT_STREQ(buffer, "0");
    format_decimal(buffer, sizeof buffer, -1234567);
    EXPECT_STREQ(buffer, "-1234567");
    format_decimal(buffer, sizeof buffer, LLONG_MIN);
    EXPECT_STREQ(buffer, "-9223372036854775808");
    format_hex(buffer, sizeof buffer, 0xdeadbeef);
    EXPECT_STREQ(buffer, "0xdeadbeef");
    format_hex(buffer, sizeof buffer, 0);
    EXPECT_STREQ(buffer, "0x0");
    char small[4];
    format_decimal(small, sizeof small, 123456);
    EXPECT_STREQ(small, "123");  // cut, still terminated
    EXPECT_EQ(copy_text(small, sizeof small, "abcdef"), 3u);
    EXPECT_STREQ(small, "abc");
    EXPECT_EQ(copy_text(small, sizeof small, nullptr), 0u);
    EXPECT_STREQ(small, "");
}

TEST(SignalNames, NamesSignalsAndCodes) {
    SignalInfo segv = make_signal_info(SIGSEGV, SEGV_MAPERR, 0x10);
    EXPECT_EQ(segv.name, "SIGSEGV");
    EXPECT_EQ(segv.code_name, "SEGV_MAPERR");
    EXPECT_EQ(segv.fault_address, 0x10u);
    EXPECT_EQ(describe_signal(segv), "SIGSEGV (SEGV_MAPERR) at 0x10");

    // raise()/abort(): no fault address, the sender instead.
    SignalInfo abrt = make_signal_info(SIGABRT, SI_TKILL, 0x1234);
    EXPECT_EQ(abrt.code_name, "SI_TKILL");
    EXPECT_EQ(abrt.fault_address, 0u);
    EXPECT_EQ(describe_signal(abrt, 42), "SIGABRT (SI_TKILL) sent by pid 42");

    EXPECT_EQ(make_signal_info(SIGFPE, FPE_INTDIV, 0x401000).code_name, "FPE_INTDIV");
    EXPECT_EQ(make_signal_info(SIGBUS, BUS_ADRERR, 0).code_name, "BUS_ADRERR");
    EXPECT_EQ(make_signal_info(SIGILL, ILL_ILLOPN, 0).code_name, "ILL_ILLOPN");
    EXPECT_EQ(make_signal_info(40, 77, 0).name, "signal 40");
    EXPECT_EQ(make_signal_info(40, 77, 0).code_name, "77");
}

Frame frame(const std::string& function, const std::string& category) {
    Frame f;
    f.function = function;
    f.category = category;
    return f;
}

TEST(Frames, CutsHandlerFramesAboveTheTrampoline) {
    Thread t;
    // Handler frames may come out as "user" (functions of an anonymous namespace).
    t.frames = {frame("clock_nanosleep", "system"), frame("sleep_ms", "user"),
                frame("handle_crash", "user"), frame("__restore_rt", "system"),
                frame("crash_here", "user"), frame("caller", "user"),
                frame("__restore_rt", "system"), frame("below", "user")};
    EXPECT_EQ(cut_signal_handler_frames(t), 4);
    ASSERT_EQ(t.frames.size(), 4u);
    EXPECT_EQ(t.frames[0].function, "crash_here");
}

TEST(Frames, CutsBelowBothTrampolinesWhenAFrameworkHandlerChained) {
    Thread t;
    t.frames = {frame("nanosleep", "system"), frame("handle_crash", "capsule"),
                frame("__restore_rt", "system"), frame("raise", "system"),
                frame("Catch::handleSignal", "test-framework"), frame("__restore_rt", "system"),
                frame("divide", "user"), frame("main", "user")};
    EXPECT_EQ(cut_signal_handler_frames(t), 6);
    EXPECT_EQ(t.frames.front().function, "divide");
}

TEST(Frames, LeavesAStackWithoutTrampolineAlone) {
    Thread t;
    t.frames = {frame("raise", "system"), frame("abort", "system"), frame("check", "user")};
    EXPECT_EQ(cut_signal_handler_frames(t), 0);
    EXPECT_EQ(t.frames.size(), 3u);
}

TEST(Frames, CutsLeadingFramesByName) {
    Thread t;
    t.frames = {frame("__cxa_throw", "std"), frame("Account::withdraw(long)", "user")};
    EXPECT_EQ(cut_leading_frames(t, {"__cxa_throw"}), 1);
    EXPECT_EQ(t.frames.front().function, "Account::withdraw(long)");
    EXPECT_EQ(cut_leading_frames(t, {"__cxa_throw"}), 0);
}

TEST(Frames, MarksTheFailingThreadFirst) {
    Report r;
    r.threads.resize(3);
    r.threads[0].tid = 10;
    r.threads[0].failing = true;
    r.threads[1].tid = 11;
    r.threads[2].tid = 12;
    EXPECT_TRUE(mark_failing_thread(r, 12));
    EXPECT_EQ(r.threads[0].tid, 12);
    EXPECT_TRUE(r.threads[0].failing);
    EXPECT_FALSE(r.threads[1].failing);
    EXPECT_FALSE(r.threads[2].failing);
    EXPECT_EQ(r.failing_thread()->tid, 12);
    EXPECT_FALSE(mark_failing_thread(r, 99));
    drop_thread(r, 11);
    EXPECT_EQ(r.threads.size(), 2u);
}

TEST(TestSlot, RendersTheRunningTestIntoFixedBuffers) {
    TestSlot slot;
    session::TestRef test;
    test.suite = "Values/WorkerParam";
    test.name = "SquareIsNonNegative/0";
    test.labels[1] = "GetParam() = ";
    test.values[1] = "-2";
    test.file = "/src/t.cpp";
    test.line = 42;
    slot.set(test, 1234);
    slot.set_section("outer / inner");
    TestFields fields;
    slot.read(fields);
    EXPECT_TRUE(fields.running);
    EXPECT_EQ(fields.thread, 1234);
    TestIdentity back = to_identity(fields);
    EXPECT_EQ(back.full_name, "Values/WorkerParam.SquareIsNonNegative/0");
    EXPECT_EQ(back.parameters, "GetParam() = -2");
    EXPECT_EQ(back.section, "outer / inner");
    EXPECT_EQ(back.file, "/src/t.cpp");
    EXPECT_EQ(back.line, 42);
    // The same rendering as the session's, in normal context.
    const TestIdentity rendered = session::to_identity(test, "outer / inner");
    EXPECT_EQ(rendered.full_name, back.full_name);
    EXPECT_EQ(rendered.parameters, back.parameters);

    // Both parameters, and a suite-less name (Catch2 without a fixture).
    test.labels[0] = "TypeParam = ";
    test.values[0] = "int";
    slot.set(test, 1);
    slot.read(fields);
    EXPECT_STREQ(fields.parameters, "TypeParam = int, GetParam() = -2");
    EXPECT_STREQ(fields.section, "");  // a new test starts without a section
    test.suite = "";
    test.separator = "::";
    slot.set(test, 1);
    slot.read(fields);
    EXPECT_STREQ(fields.full_name, "SquareIsNonNegative/0");

    const std::string long_name(5000, 'x');  // longer than the buffers: cut, terminated
    test.name = long_name.c_str();
    test.suite = "S";
    test.separator = ".";
    slot.set(test, 1);
    slot.read(fields);
    EXPECT_EQ(std::string(fields.name).size(), sizeof fields.name - 1);
    EXPECT_EQ(std::string(fields.full_name).size(), sizeof fields.full_name - 1);
    EXPECT_EQ(std::string(fields.full_name).substr(0, 3), "S.x");
    slot.clear();
    slot.read(fields);
    EXPECT_FALSE(fields.running);
    EXPECT_STREQ(fields.suite, "");
    EXPECT_STREQ(fields.full_name, "");
}

TEST(Budget, CountsDownAndGivesBack) {
    set_capsule_allowance(2);
    EXPECT_TRUE(take_capsule());
    EXPECT_TRUE(take_capsule());
    EXPECT_FALSE(take_capsule());
    give_back_capsule();
    EXPECT_TRUE(take_capsule());
    set_capsule_allowance(0);
    EXPECT_FALSE(take_capsule());
}

}  // namespace
}  // namespace capsule::crash

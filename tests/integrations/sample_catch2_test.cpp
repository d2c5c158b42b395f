// The Catch2 sample (vendored catch.hpp, its own CATCH_CONFIG_MAIN), release
// and debug: run as a user's CI would and check the capsules it leaves.
#include <gtest/gtest.h>
#include <signal.h>

#include "sample_checks.hpp"

namespace capsule::testing {
namespace {

class Catch2Sample : public ::testing::TestWithParam<Variant> {
protected:
    Outcome run(const std::string& test, std::vector<std::string> env = {}) {
        return run_sample(GetParam().program, {test}, dir.path(), env);
    }
    Outcome run_plain(const std::string& test) {
        return run_sample(GetParam().plain, {test}, dir.path());
    }
    std::vector<Report> capsules() { return read_capsules(dir.path() + "/capsules"); }
    bool optimized() const { return GetParam().optimized; }

    TempDir dir;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_P(Catch2Sample, PassingTestLeavesNoCapsule) {
    const Outcome r = run("Words are split on spaces");
    EXPECT_TRUE(r.exited && r.exit_code == 0) << r.status() << "\n" << r.output;
    EXPECT_TRUE(capsule_files(dir.path() + "/capsules").empty());
}

TEST_P(Catch2Sample, FailedRequireWithSectionAndMessages) {
    const std::string test = "Inventory reserves stock";
    const Outcome r = run(test);
    EXPECT_TRUE(same_status(r, run_plain(test))) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "assertion");
    EXPECT_EQ(c.test.name, test);
    EXPECT_EQ(c.test.section, "reserving the same lamps twice");
    EXPECT_EQ(c.assertion.expression, "REQUIRE( first + second <= 5 )");
    EXPECT_TRUE(contains(c.message, "with expansion:\n  10 <= 5")) << c.message;
    EXPECT_TRUE(contains(c.extra.at("context"), "two customers want all five lamps"));
    EXPECT_TRUE(contains(c.extra.at("context"), "first := 5"));
    EXPECT_TRUE(contains(c.extra.at("framework"), "catch2 2.13"));
    EXPECT_TRUE(contains(c.assertion.file, "shop_test.cpp"));
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(contains(top->function, "C_A_T_C_H")) << top->function;
    EXPECT_TRUE(has_value(*top, "first", "5", optimized()));
    EXPECT_TRUE(has_value(*top, "second", "5", optimized()));
    EXPECT_TRUE(contains(r.output, "capsule: assertion capsule for \"" + test + "\""));
}

TEST_P(Catch2Sample, EscapingExceptionAtItsThrowSite) {
    const std::string test = "Inventory release of an unknown item";
    const Outcome r = run(test);
    EXPECT_TRUE(same_status(r, run_plain(test))) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "exception");
    EXPECT_EQ(c.exception.type, "shop::UnknownItem");
    EXPECT_EQ(c.exception.what, "unknown item: chiar");
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(contains(top->function, "shop::Inventory::release")) << top->function;
    EXPECT_TRUE(has_value(*top, "count", "1", optimized()));
}

TEST_P(Catch2Sample, CrashChainsWithCatch2sHandler) {
    const std::string test = "Average length of a blank line";
    const Outcome r = run(test);
    EXPECT_TRUE(same_status(r, run_plain(test))) << r.status();
    // SIGFPE at -O0; GCC -O2 turns the division by zero into a trap (SIGILL).
    EXPECT_TRUE(r.signal == SIGFPE || r.signal == SIGILL) << r.status();
    // Catch2 reported it first, from its own handler.
    EXPECT_TRUE(contains(r.output, "due to a fatal error condition")) << r.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "crash");
    EXPECT_EQ(c.signal.number, r.signal);
    // Catch2 re-raised the signal; the capsule still has the fault's own code
    // and address, not the re-raise's SI_TKILL.
    EXPECT_GT(c.signal.code, 0) << c.signal.code_name;
    EXPECT_TRUE(c.signal.code_name == "FPE_INTDIV" || c.signal.code_name == "ILL_ILLOPN")
        << c.signal.code_name;
    EXPECT_NE(c.signal.fault_address, 0u);
    EXPECT_EQ(c.test.name, test);
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(contains(top->function, "words::average_length")) << top->function;
    // The fault happened in that function's code.
    EXPECT_NE(top->module.find("catch2_sample_tests"), std::string::npos) << top->module;
    EXPECT_TRUE(has_value(*top, "count", "0", optimized()));
}

TEST_P(Catch2Sample, HungTestEndsTheRunWithATimeoutCapsule) {
    const Outcome r = run("A poller that never sees its flag", {"CAPSULE_TIMEOUT=3"});
    EXPECT_TRUE(r.exited && r.exit_code == 124) << r.status() << "\n" << r.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].kind, "timeout");
    EXPECT_EQ(found[0].test.name, "A poller that never sees its flag");
    const Thread* failing = found[0].failing_thread();
    ASSERT_NE(failing, nullptr);
    const Frame* body = find_frame(*failing, "C_A_T_C_H");
    ASSERT_NE(body, nullptr);
    EXPECT_NE(find_variable(*body, "polls"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Builds, Catch2Sample,
    ::testing::Values(
        Variant{"release", CATCH2_SAMPLE_TESTS_RELEASE, CATCH2_SAMPLE_PLAIN_RELEASE, true},
        Variant{"debug", CATCH2_SAMPLE_TESTS_DEBUG, CATCH2_SAMPLE_PLAIN_DEBUG, false}),
    [](const ::testing::TestParamInfo<Variant>& info) { return info.param.name; });

TEST(Catch2SampleMain, Catch2MainTargetRegistersTheListener) {
    TempDir dir;
    const Outcome r = run_sample(CATCH2_SAMPLE_MAIN_DEBUG, {"Inventory reserves stock"}, dir.path());
    EXPECT_TRUE(r.exited && r.exit_code == 1) << r.status() << "\n" << r.output;
    const std::vector<Report> found = read_capsules(dir.path() + "/capsules");
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].test.section, "reserving the same lamps twice");
}

}  // namespace
}  // namespace capsule::testing

// catch2_program: capsule::catch2::install from main(), Debian's
// <catch2/catch.hpp>, nested section paths, UNSCOPED_INFO, and crashes under
// Catch2's own signal handlers (SIGABRT, a thread the test started).
#include <gtest/gtest.h>
#include <signal.h>

#include "sample_checks.hpp"

namespace capsule::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class Catch2Program : public ::testing::Test {
protected:
    Outcome run(const std::string& program, const std::string& test) {
        RunSpec spec;
        spec.program = program;
        spec.args = {test};
        spec.cwd = dir.path();
        return run_process(spec);
    }
    // main()'s install(options) names the directory.
    std::vector<Report> capsules() { return read_capsules(dir.path() + "/from_code"); }

    TempDir dir;
};

TEST_F(Catch2Program, NestedSectionPathAndUnscopedInfo) {
    const Outcome r = run(CATCH2_PROGRAM, "Nested sections");
    EXPECT_TRUE(same_status(r, run(CATCH2_PROGRAM_PLAIN, "Nested sections"))) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "assertion");
    EXPECT_EQ(c.test.name, "Nested sections");
    EXPECT_EQ(c.test.full_name, "Nested sections");
    EXPECT_EQ(c.test.parameters, "[sections]");
    EXPECT_EQ(c.test.section, "outer / inner");
    EXPECT_TRUE(contains(c.extra.at("context"), "an unscoped note"));
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(has_value(*top, "inner_value", "11", false));
    EXPECT_TRUE(has_value(*top, "outer_value", "10", false));
}

TEST_F(Catch2Program, AbortUnderCatch2sHandler) {
    const Outcome r = run(CATCH2_PROGRAM, "Aborts");
    EXPECT_TRUE(same_status(r, run(CATCH2_PROGRAM_PLAIN, "Aborts"))) << r.status();
    EXPECT_EQ(r.signal, SIGABRT) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].kind, "crash");
    EXPECT_EQ(found[0].signal.name, "SIGABRT");
    EXPECT_EQ(found[0].test.name, "Aborts");
    const Frame* top = first_user_frame(found[0]);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(contains(top->function, "C_A_T_C_H")) << top->function;
    EXPECT_TRUE(has_value(*top, "before_abort", "4", false));
}

TEST_F(Catch2Program, CrashOnAThreadTheTestStarted) {
    const std::string test = "Crashes on a thread it started";
    const Outcome r = run(CATCH2_PROGRAM, test);
    EXPECT_TRUE(same_status(r, run(CATCH2_PROGRAM_PLAIN, test))) << r.status();
    EXPECT_EQ(r.signal, SIGSEGV) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].test.name, test);
    const Frame* top = first_user_frame(found[0]);
    ASSERT_NE(top, nullptr);
    EXPECT_TRUE(contains(top->function, "store_through")) << top->function;
    EXPECT_TRUE(has_value(*top, "value", "21", false));
}

}  // namespace
}  // namespace capsule::testing

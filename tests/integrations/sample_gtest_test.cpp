// The GoogleTest sample, release and debug: run as a user's CI would and
// check the capsules it leaves.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "capsule/file.hpp"
#include "sample_checks.hpp"

namespace capsule::testing {
namespace {

class GtestSample : public ::testing::TestWithParam<Variant> {
protected:
    Outcome run(const std::string& filter, std::vector<std::string> env = {},
            std::vector<std::string> extra_args = {}) {
        std::vector<std::string> args{"--gtest_filter=" + filter};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        return run_sample(GetParam().program, args, dir.path(), env);
    }
    Outcome run_plain(const std::string& filter) {
        return run_sample(GetParam().plain, {"--gtest_filter=" + filter}, dir.path());
    }
    std::vector<Report> capsules() { return read_capsules(dir.path() + "/capsules"); }
    bool optimized() const { return GetParam().optimized; }

    TempDir dir;
};

TEST_P(GtestSample, PassingTestsLeaveNoCapsule) {
    const std::string filter =
        "Bank.DepositAddsToBalance:Parser.ParsesNumbers:Parser.RejectsGarbage:Worker.SquaresJobs:"
        "Values/WorkerParam.*";
    const Outcome r = run(filter);
    EXPECT_TRUE(r.exited && r.exit_code == 0) << r.status() << "\n" << r.output;
    EXPECT_TRUE(capsule_files(dir.path() + "/capsules").empty());
}

TEST_P(GtestSample, FailedAssertion) {
    const std::string xml = dir.path() + "/report.xml";
    const Outcome r = run("Bank.TransferKeepsTotal", {}, {"--gtest_output=xml:" + xml});
    EXPECT_TRUE(same_status(r, run_plain("Bank.TransferKeepsTotal"))) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "assertion");
    EXPECT_EQ(c.test.suite, "Bank");
    EXPECT_EQ(c.test.name, "TransferKeepsTotal");
    EXPECT_EQ(c.test.full_name, "Bank.TransferKeepsTotal");
    EXPECT_NE(c.assertion.file.find("bank_test.cpp"), std::string::npos);
    EXPECT_GT(c.assertion.line, 0);
    EXPECT_NE(c.message.find("money appeared or vanished"), std::string::npos) << c.message;
    EXPECT_EQ(c.extra.at("further_failures"), "1");
    EXPECT_NE(report_to_manifest_yaml(c).find("\nfurther_failures: 1\n"), std::string::npos)
        << report_to_manifest_yaml(c);
    EXPECT_NE(c.extra.at("context").find("transfer of 250.00 from alice to bob"), std::string::npos);
    EXPECT_EQ(c.extra.at("framework"), "googletest");

    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_NE(top->function.find("Bank_TransferKeepsTotal_Test::TestBody"), std::string::npos)
        << top->function;
    EXPECT_TRUE(has_value(*top, "before", "70000", optimized()));
    EXPECT_TRUE(has_value(*top, "after", "69750", optimized()));
    EXPECT_TRUE(has_value(*top, "amount", "25000", optimized()));

    // The capsule's path is in GoogleTest's own XML report.
    std::ifstream in(xml);
    std::stringstream text;
    text << in.rdbuf();
    const std::string path = capsule_files(dir.path() + "/capsules").front();
    EXPECT_NE(text.str().find("<property name=\"capsule\" value=\"" + path + "\""),
              std::string::npos)
        << text.str();
    EXPECT_NE(r.output.find("capsule: assertion Bank.TransferKeepsTotal"), std::string::npos)
        << r.output;
}

TEST_P(GtestSample, CrashIsCapturedAndTheProcessStillDiesOfIt) {
    const Outcome r = run("Parser.DepthOfNestedList");
    EXPECT_TRUE(same_status(r, run_plain("Parser.DepthOfNestedList"))) << r.status();
    EXPECT_FALSE(r.exited);
    EXPECT_EQ(r.signal, SIGSEGV);
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "crash");
    EXPECT_EQ(c.capture.path, "ptrace");
    EXPECT_EQ(c.signal.name, "SIGSEGV");
    EXPECT_EQ(c.signal.code_name, "SEGV_MAPERR");
    EXPECT_EQ(c.test.full_name, "Parser.DepthOfNestedList");
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_NE(top->function.find("parser::first_path_depth"), std::string::npos) << top->function;
    EXPECT_TRUE(has_value(*top, "depth", "3", optimized()));
    const Frame* body = find_frame(*c.failing_thread(), "Parser_DepthOfNestedList_Test::TestBody");
    ASSERT_NE(body, nullptr);
    EXPECT_NE(find_variable(*body, "input"), nullptr);
}

TEST_P(GtestSample, CrashInProcessWithoutTheHelper) {
    const Outcome r = run("Parser.DepthOfNestedList", {"CAPSULE_USE_HELPER=0"});
    EXPECT_EQ(r.signal, SIGSEGV) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].capture.path, "in-process");
    const Frame* top = first_user_frame(found[0]);
    ASSERT_NE(top, nullptr);
    EXPECT_NE(top->function.find("parser::first_path_depth"), std::string::npos) << top->function;
}

TEST_P(GtestSample, EscapingExceptionAtItsThrowSite) {
    const Outcome r = run("Bank.WithdrawMoreThanBalance");
    EXPECT_TRUE(same_status(r, run_plain("Bank.WithdrawMoreThanBalance"))) << r.status();
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "exception");
    EXPECT_EQ(c.exception.type, "bank::InsufficientFunds");
    EXPECT_EQ(c.exception.what, "carol has 1500 cents, needs 2000");
    EXPECT_EQ(c.test.full_name, "Bank.WithdrawMoreThanBalance");
    const Frame* top = first_user_frame(c);
    ASSERT_NE(top, nullptr);
    EXPECT_NE(top->function.find("bank::Account::withdraw"), std::string::npos) << top->function;
    EXPECT_TRUE(has_value(*top, "cents", "2000", optimized()));
    EXPECT_TRUE(has_value(*top, "remaining", "-500", optimized()));
    EXPECT_NE(find_frame(*c.failing_thread(), "Bank_WithdrawMoreThanBalance_Test::TestBody"),
              nullptr);
}

TEST_P(GtestSample, DeathTestsLeaveNoCapsule) {
    for (const char* style : {"fast", "threadsafe"}) {
        const Outcome r = run("ParserDeathTest.*", {}, {std::string("--gtest_death_test_style=") + style});
        EXPECT_TRUE(r.exited && r.exit_code == 0) << style << ": " << r.status() << "\n" << r.output;
        EXPECT_TRUE(capsule_files(dir.path() + "/capsules").empty()) << style;
    }
}

TEST_P(GtestSample, HungTestEndsTheRunWithATimeoutCapsule) {
    const Outcome r = run("Worker.WaitsForResultThatNeverComes", {"CAPSULE_TIMEOUT=3"});
    EXPECT_TRUE(r.exited && r.exit_code == 124) << r.status() << "\n" << r.output;
    EXPECT_NE(r.output.find("did not finish within 3 s"), std::string::npos) << r.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    const Report& c = found[0];
    EXPECT_EQ(c.kind, "timeout");
    EXPECT_EQ(c.test.full_name, "Worker.WaitsForResultThatNeverComes");
    EXPECT_EQ(c.capture.path, "ptrace");
    EXPECT_GE(c.threads.size(), 2u);  // the test's thread and the worker
    const Thread* failing = c.failing_thread();
    ASSERT_NE(failing, nullptr);
    EXPECT_NE(find_frame(*failing, "worker::Squarer::next_result"), nullptr);
    const Frame* body = find_frame(*failing, "Worker_WaitsForResultThatNeverComes_Test::TestBody");
    ASSERT_NE(body, nullptr);
    EXPECT_TRUE(has_value(*body, "first", "25", optimized()));
}

TEST_P(GtestSample, DisabledByEnvironmentChangesNothing) {
    const Outcome r = run("Bank.TransferKeepsTotal:Bank.DepositAddsToBalance", {"CAPSULE_ENABLED=0"});
    EXPECT_TRUE(r.exited && r.exit_code == 1) << r.status();
    EXPECT_TRUE(capsule_files(dir.path() + "/capsules").empty());
}

TEST_P(GtestSample, EveryFailureFromTheConfigFile) {
    {
        std::ofstream config(dir.path() + "/.capsule.yaml");
        config << "every_failure: true\n";
    }
    run("Bank.TransferKeepsTotal");
    EXPECT_EQ(capsules().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(
    Builds, GtestSample,
    ::testing::Values(Variant{"release", GTEST_SAMPLE_TESTS_RELEASE, GTEST_SAMPLE_PLAIN_RELEASE, true},
                      Variant{"debug", GTEST_SAMPLE_TESTS_DEBUG, GTEST_SAMPLE_PLAIN_DEBUG, false}),
    [](const ::testing::TestParamInfo<Variant>& info) { return info.param.name; });

TEST(GtestSampleMain, DropInMainInstallsTheListener) {
    TempDir dir;
    // No option anywhere: capsules/ under the working directory.
    RunSpec spec;
    spec.program = GTEST_SAMPLE_MAIN_DEBUG;
    spec.args = {"--gtest_filter=Bank.TransferKeepsTotal"};
    spec.cwd = dir.path();
    const Outcome r = run_process(spec);
    EXPECT_TRUE(r.exited && r.exit_code == 1) << r.status() << "\n" << r.output;
    const std::vector<Report> found = read_capsules(dir.path() + "/capsules");
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].kind, "assertion");
}

}  // namespace
}  // namespace capsule::testing

// The capture engine is libcapsule-engine.so, loaded at a test binary's first
// capture (core/loader/engine_api.hpp): a passing run never loads it, the
// test binary does not link libdw, libzip, yaml-cpp or OpenSSL, and a missing
// or foreign engine costs the capsules, never the run's result.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <sstream>

#include "sample_checks.hpp"

namespace capsule::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

int count_lines_with(const std::string& text, const std::string& part) {
    std::istringstream in(text);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += contains(line, part);
    return n;
}

// The DT_NEEDED entries of an ELF file, as readelf prints them.
std::vector<std::string> needed_libraries(const std::string& binary) {
    RunSpec spec;
    spec.program = "/usr/bin/readelf";
    spec.args = {"-d", "-W", binary};
    const Outcome r = run_process(spec);
    EXPECT_TRUE(r.exited && r.exit_code == 0) << r.status() << "\n" << r.output;
    std::vector<std::string> out;
    std::istringstream in(r.output);
    for (std::string line; std::getline(in, line);) {
        if (!contains(line, "(NEEDED)")) continue;
        const auto open = line.find('['), close = line.find(']');
        if (open != std::string::npos && close > open) out.push_back(line.substr(open + 1, close - open - 1));
    }
    return out;
}

class EngineLoading : public ::testing::Test {
protected:
    Outcome run(const std::string& program, const std::string& filter,
                std::vector<std::string> env = {}) {
        RunSpec spec;
        spec.program = program;
        spec.args = {"--gtest_filter=" + filter};
        spec.cwd = dir.path();
        env.push_back("CAPSULE_OUTPUT_DIR=" + dir.path() + "/capsules");
        spec.env = env;
        return run_process(spec);
    }
    std::vector<Report> capsules() { return read_capsules(dir.path() + "/capsules"); }

    TempDir dir;
};

TEST_F(EngineLoading, TestBinariesDoNotLinkTheCaptureLibraries) {
    for (const std::string program : {GTEST_PROGRAM, CATCH2_PROGRAM}) {
        const std::vector<std::string> needed = needed_libraries(program);
        ASSERT_FALSE(needed.empty()) << program;
        for (const std::string& library : needed)
            for (const char* heavy : {"libdw", "libelf", "libzip", "libyaml-cpp", "libcrypto"})
                EXPECT_FALSE(contains(library, heavy)) << program << " needs " << library;
    }
}

TEST_F(EngineLoading, OnlyAFailureLoadsTheEngine) {
    // LD_DEBUG=files names every object the dynamic loader opens.
    const Outcome passing = run(GTEST_PROGRAM, "Numbers/Param.IsEven/0", {"LD_DEBUG=files"});
    EXPECT_TRUE(passing.exited && passing.exit_code == 0) << passing.status() << passing.output;
    EXPECT_FALSE(contains(passing.output, "libcapsule-engine.so")) << passing.output;
    EXPECT_TRUE(capsules().empty());

    const Outcome failing = run(GTEST_PROGRAM, "Numbers/Param.IsEven/1", {"LD_DEBUG=files"});
    EXPECT_TRUE(failing.exited && failing.exit_code == 1) << failing.status() << failing.output;
    EXPECT_TRUE(contains(failing.output, "libcapsule-engine.so")) << failing.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << failing.output;
    // capsule's own frames and GoogleTest's reporting frames are cut: the
    // user's assertion is on top, with its local.
    ASSERT_FALSE(found[0].threads.empty());
    ASSERT_FALSE(found[0].threads.front().frames.empty());
    const Frame& top = found[0].threads.front().frames.front();
    EXPECT_TRUE(contains(top.function, "Param_IsEven_Test::TestBody")) << top.function;
    const Variable* number = find_variable(top, "number");
    ASSERT_NE(number, nullptr);
    EXPECT_EQ(number->value, "7");
}

TEST_F(EngineLoading, MissingEngineIsSaidOnceAndTheResultStands) {
    const std::vector<std::string> env = {"CAPSULE_ENGINE=" + dir.path() + "/no-such-engine.so"};
    const Outcome r = run(GTEST_PROGRAM, "Limit.*", env);
    EXPECT_TRUE(r.exited && r.exit_code == 1) << r.status() << "\n" << r.output;
    EXPECT_EQ(count_lines_with(r.output, "capture engine not loaded"), 1) << r.output;
    EXPECT_TRUE(contains(r.output, "no-such-engine.so")) << r.output;
    EXPECT_EQ(count_lines_with(r.output, "[  FAILED  ] Limit."), 6) << r.output;  // 3 + summary
    EXPECT_TRUE(capsules().empty());
}

TEST_F(EngineLoading, CrashesAreStillCapturedByTheHelperWithoutAnEngine) {
    // The helper is a program of its own with the engine linked in.
    const std::vector<std::string> env = {"CAPSULE_ENGINE=" + dir.path() + "/no-such-engine.so"};
    const Outcome r = run(GTEST_PROGRAM, "Crash.Abort", env);
    EXPECT_EQ(r.signal, SIGABRT) << r.status() << "\n" << r.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].kind, "crash");
    EXPECT_EQ(found[0].capture.path, "ptrace");
    const Frame* user = first_user_frame(found[0]);
    ASSERT_NE(user, nullptr);
    EXPECT_TRUE(contains(user->function, "Crash_Abort_Test::TestBody")) << user->function;
}

TEST_F(EngineLoading, ForeignLibraryIsRefused) {
    // A shared object that loads fine but is not capsule's engine.
    std::string foreign;
    for (const char* candidate : {"/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1"})
        if (::access(candidate, R_OK) == 0) foreign = candidate;
    ASSERT_FALSE(foreign.empty()) << "no libz.so.1 to stand in for a foreign library";
    const Outcome r = run(GTEST_PROGRAM, "Limit.First", {"CAPSULE_ENGINE=" + foreign});
    EXPECT_TRUE(r.exited && r.exit_code == 1) << r.status() << "\n" << r.output;
    EXPECT_EQ(count_lines_with(r.output, "is not a capsule engine"), 1) << r.output;
    EXPECT_TRUE(capsules().empty());
}

TEST_F(EngineLoading, InProcessCrashCaptureLoadsTheEngineAtStart) {
    // Without the helper the signal handler captures in-process, where the
    // engine cannot be loaded: it was loaded when the run started.
    const Outcome r = run(GTEST_PROGRAM, "Crash.Abort", {"CAPSULE_USE_HELPER=0"});
    EXPECT_EQ(r.signal, SIGABRT) << r.status() << "\n" << r.output;
    const std::vector<Report> found = capsules();
    ASSERT_EQ(found.size(), 1u) << r.output;
    EXPECT_EQ(found[0].capture.path, "in-process");
    const Frame* user = first_user_frame(found[0]);
    ASSERT_NE(user, nullptr);
    EXPECT_TRUE(contains(user->function, "Crash_Abort_Test::TestBody")) << user->function;
}

}  // namespace
}  // namespace capsule::testing

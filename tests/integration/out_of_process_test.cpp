// capture_process on another process: the victim forks a child that stops
// itself in a known frame, captures it through ptrace and kills it.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class OutOfProcess : public ::testing::TestWithParam<std::string> {};

TEST_P(OutOfProcess, StoppedChildFramesAndLocals) {
    const std::string variant = GetParam();
    const Report report = capture_victim("out_of_process", variant);
    EXPECT_EQ(report.capture.path, "ptrace");
    EXPECT_EQ(report.kind, "timeout");
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));

    // Above the victim's frame are libc's frames of raise(); the frame that
    // called it is the one the test knows.
    std::size_t index = 0;
    while (index < thread.frames.size() &&
           without_parameters(thread.frames[index].function) != "stopped_frame")
        ++index;
    ASSERT_LT(index, thread.frames.size()) << "no stopped_frame frame";
    EXPECT_GT(index, 0u) << "raise() itself should be a frame";
    const Frame& f = thread.frames[index];
    expect_frame(f, "stopped_frame", "out_of_process.cpp",
                 marker_line(victim_source("out_of_process"), "CAPTURE-LINE"));
    expect_var(f, "attempts", "local", "3");
    expect_var(f, "ratio", "local", "0.5");
    expect_var_matching(f, "stage", "local", "0x[0-9a-f]+ \"waiting\"");
    if (!is_optimized(variant)) expect_var(f, "ticket", "param", "41");

    ASSERT_EQ(thread.frames.size(), index + 2);
    EXPECT_EQ(thread.frames.back().function, "main");
}

INSTANTIATE_TEST_SUITE_P(Victims, OutOfProcess, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

// Inside a lambda: its captures (by copy and by reference) as kind "capture",
// next to its own parameter and local; the enclosing function one frame out.
#include <gtest/gtest.h>

#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

class Lambda : public ::testing::TestWithParam<std::string> {};

TEST_P(Lambda, CapturesParametersAndLocals) {
    const std::string variant = GetParam();
    const Report report = capture_victim("lambda", variant);
    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    ASSERT_EQ(thread.frames.size(), 3u);
    const std::string source = victim_source("lambda");

    const Frame& body = thread.frames[0];
    // gdb names the call operator differently per compiler ("operator()" for
    // g++, "lambda_host(int)::$_0::operator()(int) const" for clang): the
    // oracle test holds the capsule to gdb's exact name.
    EXPECT_NE(body.function.find("operator()"), std::string::npos) << body.function;
    EXPECT_EQ(file_basename(body.file), "lambda.cpp");
    EXPECT_EQ(body.line, marker_line(source, "CAPTURE-LINE"));
    expect_var(body, "value", "param", "4");
    expect_var(body, "result", "local", "17");
    expect_var(body, "factor", "capture", "3");
    expect_var(body, "label", "capture", "\"scaled\"");
    expect_var_matching(body, "offset", "capture", "@0x[0-9a-f]+: 5");

    const Frame& host = thread.frames[1];
    expect_frame(host, "lambda_host", "lambda.cpp", marker_line(source, "CALL-LINE apply"));
    expect_var(host, "offset", "local", "5");
    expect_var(host, "label", "local", "\"scaled\"");
    if (!is_optimized(variant)) {
        expect_var(host, "factor", "param", "3");
    } else if (const Variable* factor = find_var(host, "factor")) {
        // Dead after the lambda copied it: optimized out, like gdb's `info
        // args`, with what the caller passed beside it (gdb's factor@entry).
        if (factor->status == ValueStatus::optimized_out) {
            const Variable* at_entry = find_child(*factor, "factor@entry");
            ASSERT_NE(at_entry, nullptr) << describe(*factor);
            EXPECT_EQ(at_entry->kind, "entry");
            EXPECT_EQ(at_entry->value, "3");
        } else {
            EXPECT_EQ(factor->value, "3");
        }
    } else {
        ADD_FAILURE() << "lambda_host shows no factor";
    }
    EXPECT_EQ(thread.frames[2].function, "main");
}

INSTANTIATE_TEST_SUITE_P(Victims, Lambda, ::testing::ValuesIn(variants()),
                         [](const auto& info) { return variant_test_name(info.param); });

}  // namespace
}  // namespace capsule::integration

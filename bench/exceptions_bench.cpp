// What capsule costs a passing GoogleTest suite: caught throws inside a test
// (each throw passes through capsule's __cxa_throw) and many small tests
// (each test start and end passes through the listener). Linked with
// capsule::gtest (exceptions_bench) and without (exceptions_bench_plain):
//   exceptions_bench_plain --gtest_filter='Throws.*'
//   exceptions_bench --gtest_filter='Throws.*'
// The 10,000 passing tests ('Tests/Many.*') are measured, with and without,
// by bench/run_listener_bench.sh (target: ratio <= 1.02).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

__attribute__((noinline)) int parse_digit(char c) {
    if (c < '0' || c > '9') throw std::invalid_argument(std::string("not a digit: ") + c);
    return c - '0';
}

// A call path that differs with the depth, so the throw sites are distinct.
__attribute__((noinline)) int parse_at_depth(char c, int depth) {
    if (depth == 0) return parse_digit(c);
    return parse_at_depth(c, depth - 1) + 0 * depth;
}

struct Timing {
    double first_ms = 0;  // the first throw: with capsule, a cold throw-site capture
    double rest_ms = 0;   // every later one
};

Timing caught_throws(int count, int depths) {
    using Clock = std::chrono::steady_clock;
    Timing timing;
    int caught = 0;
    auto start = Clock::now();
    for (int i = 0; i < count; ++i) {
        try {
            parse_at_depth('x', i % depths);
        } catch (const std::invalid_argument&) {
            ++caught;
        }
        if (i == 0) {
            timing.first_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            start = Clock::now();
        }
    }
    timing.rest_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    EXPECT_EQ(caught, count);
    return timing;
}

void print(const char* what, const Timing& t, int count) {
    std::printf("bench: %s: first throw %.2f ms, the other %d: %.1f ms (%.2f us per throw)\n",
                what, t.first_ms, count - 1, t.rest_ms, t.rest_ms * 1000 / (count - 1));
}

TEST(Throws, TenThousandCaughtFromOneSite) {
    print("10000 caught throws, one site", caught_throws(10000, 1), 10000);
}

TEST(Throws, TenThousandCaughtFromFortyDepths) {
    print("10000 caught throws, 40 call paths", caught_throws(10000, 40), 10000);
}

class Many : public ::testing::TestWithParam<int> {};

TEST_P(Many, Passes) { EXPECT_GE(GetParam(), 0); }

INSTANTIATE_TEST_SUITE_P(Tests, Many, ::testing::Range(0, 10000));

}  // namespace

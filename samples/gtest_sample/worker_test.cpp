#include <gtest/gtest.h>

#include "worker.hpp"

TEST(Worker, SquaresJobs) {
    worker::Squarer squarer;
    squarer.submit(3);
    squarer.submit(4);
    EXPECT_EQ(squarer.next_result(), 9);
    EXPECT_EQ(squarer.next_result(), 16);
}

class WorkerParam : public ::testing::TestWithParam<long> {};

TEST_P(WorkerParam, SquareIsNonNegative) {
    worker::Squarer squarer;
    squarer.submit(GetParam());
    EXPECT_GE(squarer.next_result(), 0);
}

INSTANTIATE_TEST_SUITE_P(Values, WorkerParam, ::testing::Values(-2L, 0L, 7L));

TEST(Worker, WaitsForResultThatNeverComes) {
    worker::Squarer squarer;
    squarer.submit(5);
    const long first = squarer.next_result();
    // Only one job was submitted: this waits forever.
    const long second = squarer.next_result();
    EXPECT_EQ(first + second, 25);
}

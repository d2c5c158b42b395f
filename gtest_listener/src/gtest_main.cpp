// capsule::gtest_main: GoogleTest's main() with the capsule listener, for
// targets that linked GTest::gtest_main before.
#include "capsule/gtest.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    capsule::gtest::install();
    return RUN_ALL_TESTS();
}

#include <gtest/gtest.h>

#include <cstdlib>

#include "ledger.hpp"

TEST(Ledger, Balance) {
    const std::vector<ledger::Entry> entries{{"alice", 500}, {"bob", 200}, {"alice", -100}};
    const long expected = 400;
    EXPECT_EQ(ledger::balance(entries, "alice"), expected);  // fails in both revisions
}

TEST(Ledger, ParseEntry) {
    const ledger::Entry ok = ledger::parse_entry("alice:250");
    EXPECT_EQ(ok.cents, 250);
    const ledger::Entry empty = ledger::parse_entry("");  // crashes in the base revision
    EXPECT_EQ(empty.cents, 0);
}

TEST(Ledger, WaitForSettlement) {
    // Only when asked: the hung test, which ctest's TIMEOUT would kill.
    if (!std::getenv("SAMPLE_HANG")) GTEST_SKIP() << "set SAMPLE_HANG to run the hung test";
    volatile bool settled = false;
    ledger::wait_for(&settled);
}

TEST(Ledger, Passes) { EXPECT_EQ(ledger::parse_entry("bob:7").account, "bob"); }

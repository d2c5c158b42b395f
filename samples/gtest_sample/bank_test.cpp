#include <gtest/gtest.h>

#include "bank.hpp"

TEST(Bank, DepositAddsToBalance) {
    bank::Account account("alice", 1000);
    account.deposit(250);
    EXPECT_EQ(account.balance(), 1250);
}

TEST(Bank, TransferKeepsTotal) {
    bank::Ledger ledger;
    ledger.open("alice", 50000);
    ledger.open("bob", 20000);
    const long before = ledger.total();
    const long amount = 25000;
    SCOPED_TRACE("transfer of 250.00 from alice to bob");
    ledger.transfer("alice", "bob", amount);
    const long after = ledger.total();
    EXPECT_EQ(after, before) << "money appeared or vanished";
    EXPECT_EQ(ledger.find("bob").balance(), 45000);
    EXPECT_EQ(ledger.find("alice").balance(), 25000);
}

TEST(Bank, WithdrawMoreThanBalance) {
    bank::Ledger ledger;
    ledger.open("carol", 1500);
    // A caught throw: the test handles it, no capsule.
    try {
        ledger.find("nobody");
    } catch (const std::out_of_range&) {
    }
    const long rent = 2000;
    ledger.find("carol").withdraw(rent);  // throws InsufficientFunds
    EXPECT_EQ(ledger.find("carol").balance(), 0);
}

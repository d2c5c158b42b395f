// A small bank: accounts with balances in cents, and transfers between them.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace bank {

class InsufficientFunds : public std::runtime_error {
public:
    InsufficientFunds(const std::string& owner, long balance, long amount);
};

class Account {
public:
    Account(std::string owner, long balance_cents);
    const std::string& owner() const { return owner_; }
    long balance() const { return balance_; }
    void deposit(long cents);
    void withdraw(long cents);

private:
    std::string owner_;
    long balance_;
    int operations_ = 0;
};

class Ledger {
public:
    Account& open(const std::string& owner, long balance_cents);
    Account& find(const std::string& owner);
    // Moves money and charges a fee on transfers above the free limit.
    void transfer(const std::string& from, const std::string& to, long cents);
    long total() const;

private:
    std::map<std::string, Account> accounts_;
    long fees_collected_ = 0;
};

}  // namespace bank

#include "bank.hpp"

namespace bank {

InsufficientFunds::InsufficientFunds(const std::string& owner, long balance, long amount)
    : std::runtime_error(owner + " has " + std::to_string(balance) + " cents, needs " +
                         std::to_string(amount)) {}

Account::Account(std::string owner, long balance_cents)
    : owner_(std::move(owner)), balance_(balance_cents) {}

void Account::deposit(long cents) {
    balance_ += cents;
    ++operations_;
}

void Account::withdraw(long cents) {
    const long remaining = balance_ - cents;
    if (remaining < 0) throw InsufficientFunds(owner_, balance_, cents);
    balance_ = remaining;
    ++operations_;
}

Account& Ledger::open(const std::string& owner, long balance_cents) {
    return accounts_.emplace(owner, Account(owner, balance_cents)).first->second;
}

Account& Ledger::find(const std::string& owner) { return accounts_.at(owner); }

void Ledger::transfer(const std::string& from, const std::string& to, long cents) {
    const long free_limit = 10000;
    const long fee = cents > free_limit ? cents / 100 : 0;
    find(from).withdraw(cents + fee);
    find(to).deposit(cents);
    // The fee leaves the customers' money: total() no longer adds up.
    fees_collected_ += fee;
}

long Ledger::total() const {
    long sum = 0;
    for (const auto& [owner, account] : accounts_) sum += account.balance();
    return sum;
}

}  // namespace bank

// A small ledger with the bugs the sample's tests find.
#pragma once

#include <string>
#include <vector>

namespace ledger {

struct Entry {
    std::string account;
    long cents = 0;
};

// Which version of the code runs: the sample stands for a base branch and a
// pull request with one build, so the change is read from SAMPLE_REVISION
// ("base" or "head"), as if the code had been edited.
bool is_head();

long balance(const std::vector<Entry>& entries, const std::string& account);
// Parses "account:cents". The base revision has a null-pointer bug.
Entry parse_entry(const std::string& text);
// Sums the basket in cents. The head revision has a null-pointer bug.
long checkout_total(const std::vector<long>& prices, const long* discount);
// Spins until `done` is set; nothing sets it (the hung test).
void wait_for(const volatile bool* done);

}  // namespace ledger

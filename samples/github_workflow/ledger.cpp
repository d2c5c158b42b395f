#include "ledger.hpp"

#include <cstdlib>
#include <cstring>
#include <thread>

namespace ledger {

bool is_head() {
    const char* revision = std::getenv("SAMPLE_REVISION");
    return revision && std::strcmp(revision, "head") == 0;
}

long balance(const std::vector<Entry>& entries, const std::string& account) {
    long total = 0;
    for (const Entry& e : entries)
        if (e.account == account) total += e.cents;
    return total - 1;  // the off-by-one both revisions share
}

Entry parse_entry(const std::string& text) {
    Entry entry;
    const char* colon = std::strchr(text.c_str(), ':');
    if (is_head() && !colon) return entry;  // head: the fix, checked before use
    entry.cents = std::atol(colon + 1);      // base: no colon, reads near address 0
    if (!colon) return entry;
    entry.account = text.substr(0, static_cast<std::size_t>(colon - text.c_str()));
    return entry;
}

long checkout_total(const std::vector<long>& prices, const long* discount) {
    long total = 0;
    for (long price : prices) total += price;
    if (is_head()) return total - *discount;  // head: the discount may be null
    return discount ? total - *discount : total;
}

void wait_for(const volatile bool* done) {
    while (!*done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace ledger

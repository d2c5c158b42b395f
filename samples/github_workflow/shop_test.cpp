#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "ledger.hpp"

TEST_CASE("checkout applies no discount") {
    const std::vector<long> prices{100, 250};
    const long* discount = nullptr;
    CHECK(ledger::checkout_total(prices, discount) == 350);  // crashes in the head revision
}

TEST_CASE("checkout applies a discount") {
    const long discount = 50;
    CHECK(ledger::checkout_total({100, 250}, &discount) == 300);
}

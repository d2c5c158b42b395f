#include <atomic>
#include <chrono>
#include <thread>

#include "catch.hpp"
#include "inventory.hpp"
#include "words.hpp"

TEST_CASE("Inventory reserves stock", "[inventory]") {
    shop::Inventory inventory;
    inventory.add("lamp", 5);

    SECTION("a reservation within stock") {
        REQUIRE(inventory.reserve("lamp", 3) == 3);
        REQUIRE(inventory.available("lamp") == 2);
    }
    SECTION("reserving the same lamps twice") {
        const int first = inventory.reserve("lamp", 5);
        const int second = inventory.reserve("lamp", 5);
        INFO("two customers want all five lamps");
        CAPTURE(first, second);
        REQUIRE(first + second <= 5);
    }
}

TEST_CASE("Inventory release of an unknown item", "[inventory]") {
    shop::Inventory inventory;
    inventory.add("chair", 2);
    const std::string typo = "chiar";
    inventory.release(typo, 1);  // throws UnknownItem
    CHECK(inventory.available("chair") == 2);
}

TEST_CASE("Words are split on spaces", "[words]") {
    const auto parts = words::split("to be or not", ' ');
    REQUIRE(parts.size() == 4);
    CHECK(words::average_length(parts) == 2);
}

TEST_CASE("Average length of a blank line", "[words]") {
    const std::string line = "   ";
    const auto parts = words::split(line, ' ');
    const int average = words::average_length(parts);  // divides by zero
    CHECK(average == 0);
}

TEST_CASE("A poller that never sees its flag", "[hang]") {
    std::atomic<bool> ready{false};
    int polls = 0;
    while (!ready.load()) {
        ++polls;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(polls > 0);
}

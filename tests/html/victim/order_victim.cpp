// The victim of the browser tests: a GoogleTest test whose check fails in a
// helper reached through std::for_each. At the failure the check captures its
// own thread, as a framework integration would, and main writes the capsule.
//
// usage: capsule_html_victim [gtest flags] OUTPUT.capsule [MODE]
//   MODE total (default): an assertion on a wrong total
//   MODE stock: an assertion on a stock count, another fingerprint
//
// The values are chosen for the tests: `note` and the customer's name carry
// markup that must stay text, `api_token` must be masked, `separators` holds
// U+2028 and U+2029, `order.discount` is what the search test looks for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "capsule/capture.hpp"
#include "capsule/file.hpp"

namespace shop {

struct Address {
    std::string street;
    std::string city;
    int zip = 0;
};

struct Customer {
    std::string name;
    Address address;
    std::string api_token;
    int loyalty_years = 0;
};

struct LineItem {
    std::string sku;
    int quantity = 0;
    double unit_price = 0;
};

struct Order {
    int id = 0;
    Customer customer;
    std::vector<LineItem> items;
    double discount = 0;  // a rate: 0.1 is ten percent
};

}  // namespace shop

namespace {

std::string output_path;
std::string mode = "total";
capsule::Report captured;
bool failed = false;

// Built from parts, so that the source lines the capsule quotes do not hold
// the whole secret: the test checks that it appears nowhere in the page.
std::string live_token() { return std::string("tok_live_") + "4f9a8b7c" + "6d5e3a2b"; }

capsule::Failure failure_here(const char* expression, int line, const std::string& message) {
    capsule::Failure failure;
    failure.kind = "assertion";
    failure.message = message;
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    failure.test.suite = info->test_suite_name();
    failure.test.name = info->name();
    failure.test.full_name = failure.test.suite + "." + failure.test.name;
    failure.test.file = info->file();
    failure.test.line = info->line();
    failure.assertion.expression = expression;
    failure.assertion.file = __FILE__;
    failure.assertion.line = line;
    return failure;
}

// Captures in the caller's own frame, so the failing frame is the check.
#define CAPTURING_EXPECT_EQ(actual, expected)                                                                  \
    do {                                                                                                       \
        if (!((actual) == (expected))) {                                                                       \
            captured = capsule::capture_this_thread(failure_here(                                              \
                "EXPECT_EQ(" #actual ", " #expected ")", __LINE__,                                             \
                "Expected equality of these values:\n  " #actual "\n    Which is: " + std::to_string(actual) + \
                    "\n  " #expected "\n    Which is: " + std::to_string(expected) +                           \
                    "\nnote: </script><img src=x onerror=top.capsuleInjected=2>"));                            \
            failed = true;                                                                                     \
        }                                                                                                      \
    } while (0)

__attribute__((noinline)) void check_order_total(const shop::Order& order, double expected_total) {
    double subtotal = 0;
    for (const shop::LineItem& item : order.items) subtotal += item.quantity * item.unit_price;
    // The bug the report should make obvious: the rate is subtracted as an amount.
    double total = subtotal - order.discount;
    std::string note = "</script><img src=x onerror=alert(1)>";
    std::string api_token = live_token();
    std::string separators = "line\u2028paragraph\u2029end";
    std::map<std::string, int> stock{{"apple", 12}, {"pear", 0}};
    CAPTURING_EXPECT_EQ(total, expected_total);
}

__attribute__((noinline)) void check_stock(const std::map<std::string, int>& stock, const std::string& sku) {
    int available = stock.count(sku) ? stock.at(sku) : -1;
    int wanted = 1;
    CAPTURING_EXPECT_EQ(available, wanted);
}

TEST(Orders, TotalAppliesDiscount) {
    std::vector<shop::Order> orders{
        {7,
         {"\"><img src=x onerror=top.capsuleInjected=3>", {"1 Main St", "Springfield", 12345}, live_token(), 4},
         {{"apple", 3, 0.5}, {"pear", 2, 0.75}},
         0.1}};
    std::map<int, double> expected_totals{{7, 2.7}};
    if (mode == "stock") {
        check_stock({{"apple", 12}, {"pear", 0}}, "pear");
        return;
    }
    std::for_each(orders.begin(), orders.end(),
                  [&](const shop::Order& order) { check_order_total(order, expected_totals.at(order.id)); });
}

}  // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s [gtest flags] OUTPUT.capsule [total|stock]\n", argv[0]);
        return 2;
    }
    output_path = argv[1];
    if (argc > 2) mode = argv[2];
    const int tests = RUN_ALL_TESTS();
    if (!failed || captured.threads.empty()) {
        std::fprintf(stderr, "%s: no failure was captured (tests returned %d)\n", argv[0], tests);
        return 3;
    }
    try {
        capsule::write_capsule(captured, output_path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
        return 4;
    }
    return 0;
}

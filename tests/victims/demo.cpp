// The README's sample: a tiny "test" whose check fails; at the failure it
// captures its own stack and values into a capsule, as a test framework
// integration would.
#include <string>
#include <vector>

#include "victim.hpp"

struct Item {
    std::string name;
    int quantity;
    double unit_price;
};

// The bug the capsule should make obvious: the discount is subtracted as an
// amount instead of being applied as a rate.
VICTIM_NOINLINE double order_total(const std::vector<Item>& items, double discount) {
    double total = 0;
    for (const Item& item : items) total += item.quantity * item.unit_price;
    return total - discount;
}

// What a test framework's check would record; kept out of the test's frame
// so that the capsule shows the test's own variables only.
capsule::Failure failed_check;

VICTIM_NOINLINE void record_failed_check(const char* expression, int line) {
    failed_check.kind = "assertion";
    failed_check.message = std::string(expression) + " failed";
    failed_check.test.suite = "Orders";
    failed_check.test.name = "total_applies_discount";
    failed_check.test.full_name = "Orders.total_applies_discount";
    failed_check.test.file = __FILE__;
    failed_check.assertion.expression = expression;
    failed_check.assertion.file = __FILE__;
    failed_check.assertion.line = line;
}

VICTIM_NOINLINE bool test_order_total_applies_discount() {
    std::vector<Item> items{{"apple", 3, 0.5}, {"pear", 2, 0.75}};
    double discount = 0.1;
    double total = order_total(items, discount);
    double expected = 2.7;
    victim::keep(items), victim::keep(discount), victim::keep(total), victim::keep(expected);
    if (total != expected) {
        record_failed_check("CHECK(total == expected)", __LINE__ + 1);
        victim::report = capsule::capture_this_thread(failed_check); // CAPTURE-LINE
        std::printf("[  FAILED  ] Orders.total_applies_discount: total == expected (%g vs %g)\n",
                    total, expected);
        return false;
    }
    return true;
}

int main(int argc, char** argv) {
    if (test_order_total_applies_discount()) return 0;
    int rc = victim::finish(argc, argv);
    if (rc == 0) std::printf("capsule written to %s\n", argv[1]);
    return rc;
}

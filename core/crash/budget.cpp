#include "crash/budget.hpp"

#include <atomic>

namespace capsule::crash {

namespace {
std::atomic<int> left{0};
}

void set_capsule_allowance(int count) { left.store(count < 0 ? 0 : count); }

bool take_capsule() {
    int current = left.load();
    while (current > 0)
        if (left.compare_exchange_weak(current, current - 1)) return true;
    return false;
}

void give_back_capsule() { left.fetch_add(1); }

}  // namespace capsule::crash

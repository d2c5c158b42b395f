// A crash to capture, for bench/run_crash_bench.sh: the session armed the way
// the test-framework integrations arm it, one test running, then SIGSEGV in a
// frame with a handful of locals. CAPSULE_* variables choose the path
// (CAPSULE_USE_HELPER=0: in-process; CAPSULE_ENABLED=0: no capsule at all).
#include <numeric>
#include <string>
#include <vector>

#include "capsule/session.hpp"

namespace {

__attribute__((noinline)) int average_into(const std::vector<int>& values, int* target) {
    const std::string label = "readings";
    const long sum = std::accumulate(values.begin(), values.end(), 0L);
    const double mean = static_cast<double>(sum) / static_cast<double>(values.size());
    const int rounded = static_cast<int>(mean + 0.5);
    *target = rounded;  // target is null: SIGSEGV
    return static_cast<int>(label.size()) + rounded;
}

}  // namespace

int main() {
    capsule::session::Framework framework;
    framework.name = "crash bench";
    framework.helper = CAPSULE_CRASH_HELPER_PATH;
    capsule::session::start(capsule::RunOptions{}, framework);
    capsule::session::TestRef test;
    test.suite = "Bench";
    test.name = "Crash";
    capsule::session::test_started(test);
    const std::vector<int> values{3, 1, 4, 1, 5, 9, 2, 6};
    int* volatile target = nullptr;
    return average_into(values, target);
}

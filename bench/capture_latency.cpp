// Capture latency for one frame with about twenty locals.
//
//   capture_latency cold     one capture, the first of this process
//   capture_latency warm N   one capture to warm up, then N more; their median
//   capture_latency gdb      no capture: the same frame for gdb to stop in
//
// Prints milliseconds. bench/run_capture_bench.sh runs the modes and gdb and
// compares them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "capsule/capture.hpp"

namespace {

struct Order {
    int id;
    double amount;
    std::string customer;
};

volatile double sink;

capsule::Report last_report;

// Keeps an object in memory, so that -O2 leaves the locals for both capsule
// and gdb to read.
template <class T>
inline __attribute__((always_inline)) void keep(T& object) {
    asm volatile("" : : "r"(&object) : "memory");
}

// Times `repetitions` captures of this frame; with capture == false only
// passes the line, for gdb's breakpoint.
__attribute__((noinline)) std::vector<double> frame_with_locals(bool capture, int repetitions) {
    int count = 42;
    long total = 123456789;
    unsigned flags = 0x5;
    short level = -3;
    char grade = 'B';
    bool active = true;
    float ratio = 0.25f;
    double price = 19.99;
    const char* label = "benchmark";
    int numbers[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    std::string name = "capture latency";
    std::string long_text(300, 'x');
    std::vector<int> values{10, 20, 30, 40, 50};
    std::vector<std::string> words{"alpha", "beta", "gamma"};
    std::map<std::string, int> ranks{{"a", 1}, {"b", 2}};
    Order order{7, 99.5, "someone"};
    Order* order_ptr = &order;
    auto owned = std::make_unique<Order>(Order{8, 1.5, "owner"});
    auto shared = std::make_shared<int>(11);
    std::vector<double> timings;
    keep(count), keep(total), keep(flags), keep(level), keep(grade), keep(active), keep(ratio);
    keep(price), keep(label), keep(numbers), keep(name), keep(long_text), keep(values);
    keep(words), keep(ranks), keep(order), keep(order_ptr), keep(owned), keep(shared);

    capsule::Failure failure;
    failure.kind = "snapshot";
    failure.message = "latency benchmark";
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (capture) last_report = capsule::capture_this_thread(failure); // BENCH-LINE
        const auto stop = std::chrono::steady_clock::now();
        timings.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    sink = count + price + static_cast<double>(values.size() + name.size() + order_ptr->id);
    return timings;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "cold") {
        std::printf("%.3f\n", frame_with_locals(true, 1).front());
    } else if (mode == "warm") {
        const int n = argc > 2 ? std::atoi(argv[2]) : 100;
        if (n <= 0) return 2;
        std::vector<double> t = frame_with_locals(true, n + 1);
        t.erase(t.begin());  // the cold one
        std::printf("%.3f\n", median(t));
    } else if (mode == "gdb") {
        frame_with_locals(false, 1);
    } else {
        std::fprintf(stderr, "usage: %s cold | warm N | gdb\n", argv[0]);
        return 2;
    }
    // A capture that found no frames would make every number meaningless.
    if (mode != "gdb" && (last_report.threads.empty() || last_report.threads[0].frames.empty())) {
        std::fprintf(stderr, "the capture holds no frames\n");
        return 1;
    }
    return 0;
}

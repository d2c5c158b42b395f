// The whole capture's allowance of time and value nodes, shared by every frame.
#pragma once

#include <chrono>

namespace capsule::values {

class Budget {
public:
    Budget(double max_ms, int max_values)
        : deadline_(std::chrono::steady_clock::now() +
                    std::chrono::microseconds(static_cast<long long>(max_ms * 1000))),
          values_left_(max_values) {}

    // Takes one value node; false once the allowance is spent.
    bool take_value() {
        if (values_left_ <= 0) return false;
        --values_left_;
        return !out_of_time();
    }
    bool out_of_time() const {
        // The clock is read at most every 64 calls: it is cheap but not free.
        if ((++clock_checks_ & 63) == 0) timed_out_ = std::chrono::steady_clock::now() > deadline_;
        return timed_out_;
    }
    bool exhausted() const { return values_left_ <= 0 || out_of_time(); }
    bool check_time_now() const {
        timed_out_ = std::chrono::steady_clock::now() > deadline_;
        return timed_out_;
    }

private:
    std::chrono::steady_clock::time_point deadline_;
    int values_left_;
    mutable unsigned clock_checks_ = 0;
    mutable bool timed_out_ = false;
};

}  // namespace capsule::values

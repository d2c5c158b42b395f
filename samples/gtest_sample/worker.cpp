#include "worker.hpp"

namespace worker {

Squarer::Squarer() : thread_([this] { run(); }) {}

Squarer::~Squarer() { stop(); }

void Squarer::submit(long value) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(value);
    changed_.notify_all();
}

long Squarer::next_result() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !results_.empty(); });
    const long result = results_.front();
    results_.pop_front();
    return result;
}

void Squarer::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

void Squarer::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        const long job = jobs_.front();
        jobs_.pop_front();
        results_.push_back(job * job);
        changed_.notify_all();
    }
}

}  // namespace worker

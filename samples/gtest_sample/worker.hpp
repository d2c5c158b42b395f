// A worker thread that squares numbers handed to it through a queue.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace worker {

class Squarer {
public:
    Squarer();
    ~Squarer();
    void submit(long value);
    // Waits until a result is available.
    long next_result();
    void stop();

private:
    void run();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<long> jobs_;
    std::deque<long> results_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace worker

#include "crash/watchdog.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "crash/budget.hpp"
#include "crash/helper_launch.hpp"

namespace capsule::crash {

namespace detail {
constinit std::atomic<bool> watchdog_is_running{false};
}

namespace {

using Clock = std::chrono::steady_clock;

class Watchdog {
public:
    explicit Watchdog(const WatchdogSetup& setup) : setup_(setup), thread_([this] { run(); }) {}
    ~Watchdog() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void started(pid_t test_thread, const std::string& name) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            armed_ = true;
            test_thread_ = test_thread;
            test_name_ = name;
            deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(setup_.timeout_s));
        }
        wake_.notify_all();
    }

    void finished() {
        std::lock_guard<std::mutex> lock(mutex_);
        armed_ = false;
    }

private:
    void run() {
        own_tid_ = static_cast<pid_t>(::syscall(SYS_gettid));
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stopping_) {
            if (!armed_) {
                wake_.wait(lock);
                continue;
            }
            const Clock::time_point deadline = deadline_;
            wake_.wait_until(lock, deadline);
            if (!stopping_ && armed_ && deadline_ == deadline && Clock::now() >= deadline) {
                const pid_t thread = test_thread_;
                const std::string name = test_name_;
                lock.unlock();
                fire(thread, name);  // does not return
            }
        }
    }

    [[noreturn]] void fire(pid_t test_thread, const std::string& name) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", setup_.timeout_s);
        const std::string message = "test " + name + " did not finish within " + seconds + " s";
        // A crash being captured right now ends the process itself.
        if (claim_final_capture(own_tid_) != 0) {
            for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        std::fprintf(stderr, "capsule: %s (capsule timeout)\n", message.c_str());
        std::fflush(stderr);
        if (setup_.capture && take_capsule()) {
            HelperEvent event;
            event.kind = "timeout";
            event.tid = test_thread;
            event.exclude_tid = own_tid_;
            event.message = message.c_str();
            const HelperOutcome outcome = run_helper(event);
            if (outcome != HelperOutcome::written) {
                give_back_capsule();
                std::fprintf(stderr, "capsule: no timeout capsule (%s)\n",
                             outcome == HelperOutcome::not_started ? "no crash helper to capture "
                                                                     "the other threads"
                                                                   : "the helper failed");
            }
        }
        // The hung thread may hold stdout's lock; then its buffer stays unflushed
        // rather than this thread hanging too.
        if (::ftrylockfile(stdout) == 0) {
            std::fflush(stdout);
            ::funlockfile(stdout);
        }
        std::fprintf(stderr, "capsule: ending the run with status %d\n", setup_.exit_code);
        std::fflush(stderr);
        ::_exit(setup_.exit_code);
    }

    const WatchdogSetup setup_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool armed_ = false;
    pid_t test_thread_ = 0;
    pid_t own_tid_ = 0;
    std::string test_name_;
    Clock::time_point deadline_;
    std::thread thread_;  // last: starts after every member above exists
};

std::mutex instance_mutex;
std::unique_ptr<Watchdog> instance;
std::atomic<bool>& running = detail::watchdog_is_running;

}  // namespace

void start_watchdog(const WatchdogSetup& setup) {
    std::lock_guard<std::mutex> lock(instance_mutex);
    instance.reset();
    if (setup.timeout_s > 0) instance = std::make_unique<Watchdog>(setup);
    running.store(instance != nullptr);
}

void stop_watchdog() {
    std::lock_guard<std::mutex> lock(instance_mutex);
    running.store(false);
    instance.reset();
}


void watchdog_test_started(pid_t test_thread, const std::string& test_name) {
    if (!running.load()) return;
    std::lock_guard<std::mutex> lock(instance_mutex);
    if (instance) instance->started(test_thread, test_name);
}

void watchdog_test_finished() {
    if (!running.load()) return;
    std::lock_guard<std::mutex> lock(instance_mutex);
    if (instance) instance->finished();
}

}  // namespace capsule::crash

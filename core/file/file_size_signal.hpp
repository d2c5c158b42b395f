// Writing under a file-size limit (ulimit -f, RLIMIT_FSIZE) without dying of it.
#pragma once

#include <pthread.h>
#include <signal.h>
#include <time.h>

namespace capsule::file {

// A write past RLIMIT_FSIZE raises SIGXFSZ, whose default action ends the
// whole test run: a failing test would turn into a killed one. Blocked on this
// thread while capsule writes, the write fails with EFBIG instead, which the
// writer reports. The kernel sends that SIGXFSZ to the writing thread alone,
// so it is taken off this thread's pending set before the mask goes back.
class HoldFileSizeSignal {
public:
    HoldFileSizeSignal() {
        sigemptyset(&only_);
        sigaddset(&only_, SIGXFSZ);
        pthread_sigmask(SIG_BLOCK, &only_, &previous_);
    }
    ~HoldFileSizeSignal() {
        // Left alone when the program itself had blocked it.
        if (!sigismember(&previous_, SIGXFSZ)) {
            const timespec now{0, 0};
            while (sigtimedwait(&only_, nullptr, &now) == SIGXFSZ) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    HoldFileSizeSignal(const HoldFileSizeSignal&) = delete;
    HoldFileSizeSignal& operator=(const HoldFileSizeSignal&) = delete;

private:
    sigset_t only_;
    sigset_t previous_;
};

}  // namespace capsule::file

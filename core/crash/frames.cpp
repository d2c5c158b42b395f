#include "crash/frames.hpp"

#include <algorithm>
#include <cstring>

namespace capsule::crash {

namespace {

bool is_trampoline(const Frame& frame) {
    return frame.function.find("__restore_rt") != std::string::npos;
}

}  // namespace

int cut_signal_handler_frames(Thread& thread) {
    // Everything above the first trampoline is the handler that is running
    // now (capsule's; its frames may carry any category). Below it is the
    // interrupted code, unless that was itself a handler that re-raised: then
    // only the framework's or system's frames lead to a second trampoline.
    std::size_t cut = 0;
    bool found = false;
    for (std::size_t i = 0; i < thread.frames.size(); ++i) {
        const Frame& frame = thread.frames[i];
        if (is_trampoline(frame)) {
            cut = i + 1;
            found = true;
            continue;
        }
        if (found && frame.category == "user") break;
    }
    thread.frames.erase(thread.frames.begin(), thread.frames.begin() + static_cast<long>(cut));
    return static_cast<int>(cut);
}

int cut_leading_frames(Thread& thread, std::initializer_list<const char*> names) {
    std::size_t cut = 0;
    while (cut < thread.frames.size()) {
        const std::string& function = thread.frames[cut].function;
        const bool match = std::any_of(names.begin(), names.end(), [&](const char* name) {
            return function.compare(0, std::strlen(name), name) == 0;
        });
        if (!match) break;
        ++cut;
    }
    thread.frames.erase(thread.frames.begin(), thread.frames.begin() + static_cast<long>(cut));
    return static_cast<int>(cut);
}

bool mark_failing_thread(Report& report, long tid) {
    auto it = std::find_if(report.threads.begin(), report.threads.end(),
                           [tid](const Thread& t) { return t.tid == tid; });
    if (it == report.threads.end()) return false;
    for (Thread& t : report.threads) t.failing = t.tid == tid;
    std::rotate(report.threads.begin(), it, it + 1);
    return true;
}

void drop_thread(Report& report, long tid) {
    report.threads.erase(std::remove_if(report.threads.begin(), report.threads.end(),
                                        [tid](const Thread& t) { return t.tid == tid; }),
                         report.threads.end());
}

}  // namespace capsule::crash

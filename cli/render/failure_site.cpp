#include "render/failure_site.hpp"

namespace capsule::cli {

const Thread* primary_thread(const Report& report) {
    if (const Thread* failing = report.failing_thread()) return failing;
    return report.threads.empty() ? nullptr : &report.threads.front();
}

const Frame* failing_frame(const Report& report, const Thread& thread) {
    const AssertionInfo& assertion = report.assertion;
    if (!assertion.file.empty() && assertion.line > 0)
        for (const Frame& frame : thread.frames)
            if (frame.line == assertion.line && same_source(frame.file, assertion.file)) return &frame;
    for (const Frame& frame : thread.frames)
        if (frame.category == "user") return &frame;
    return thread.frames.empty() ? nullptr : &thread.frames.front();
}

bool same_source(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    const std::string& longer = a.size() >= b.size() ? a : b;
    const std::string& shorter = a.size() >= b.size() ? b : a;
    if (longer.compare(longer.size() - shorter.size(), shorter.size(), shorter) != 0) return false;
    return longer.size() == shorter.size() || shorter.front() == '/' ||
           longer[longer.size() - shorter.size() - 1] == '/';
}

}  // namespace capsule::cli

#include "html/focus.hpp"

namespace capsule::cli::html {

bool same_source(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    const std::string& longer = a.size() >= b.size() ? a : b;
    const std::string& shorter = a.size() >= b.size() ? b : a;
    if (longer.compare(longer.size() - shorter.size(), shorter.size(), shorter) != 0) return false;
    return longer.size() == shorter.size() || shorter.front() == '/' ||
           longer[longer.size() - shorter.size() - 1] == '/';
}

namespace {

// The assertion's own line when the stack has it, else the innermost user
// frame, else the innermost frame: the same choice as `capsule show`.
std::size_t failing_frame(const Report& report, const Thread& thread) {
    const AssertionInfo& assertion = report.assertion;
    if (!assertion.file.empty() && assertion.line > 0)
        for (std::size_t i = 0; i < thread.frames.size(); ++i)
            if (thread.frames[i].line == assertion.line && same_source(thread.frames[i].file, assertion.file)) return i;
    for (std::size_t i = 0; i < thread.frames.size(); ++i)
        if (thread.frames[i].category == "user") return i;
    return 0;
}

std::size_t body_frame(const Report& report, const Thread& thread, std::size_t failing) {
    // Frames are innermost first: walk outwards while the code is the user's
    // own or the standard library it called through (std::function, algorithms).
    // main() runs the tests, it is not one.
    std::size_t outermost_user = failing;
    std::optional<std::size_t> in_test_file;
    if (same_source(thread.frames[failing].file, report.test.file)) in_test_file = failing;
    for (std::size_t i = failing + 1; i < thread.frames.size(); ++i) {
        const Frame& frame = thread.frames[i];
        if (frame.function == "main") break;
        if (frame.category == "user") {
            outermost_user = i;
            if (same_source(frame.file, report.test.file)) in_test_file = i;
        } else if (frame.category != "std") {
            break;
        }
    }
    // Helpers in other files may call back into the test's file; the test
    // body is the outermost frame there.
    return in_test_file ? *in_test_file : outermost_user;
}

}  // namespace

Focus find_focus(const Report& report) {
    Focus focus;
    const Thread* thread = report.failing_thread();
    // A snapshot may mark no thread as failing: the first one is then the subject.
    if (!thread && !report.threads.empty()) thread = &report.threads.front();
    if (!thread) return focus;
    focus.thread = thread;
    focus.thread_index = static_cast<std::size_t>(thread - report.threads.data());
    if (thread->frames.empty()) return focus;
    focus.failing = failing_frame(report, *thread);
    focus.body = body_frame(report, *thread, *focus.failing);
    return focus;
}

}  // namespace capsule::cli::html

// target -> physical frames -> logical frames -> variables -> values.
#include "capture/engine.hpp"

#include <algorithm>
#include <chrono>

#include "capture/process_facts.hpp"
#include "dwarf/frame_variables.hpp"
#include "dwarf/recover_registers.hpp"
#include "fingerprint/frame_class.hpp"
#include "graph/builder.hpp"
#include "symbols/symbols.hpp"
#include "unwind/unwind.hpp"
#include "values/budget.hpp"
#include "values/type_lookup.hpp"

namespace capsule::capture {
namespace {

// The capture path is capsule::capture_this_thread under capsule::session,
// capsule::crash and the integrations' capsule::gtest / capsule::catch2.
// capsule's own tests live in capsule::testing and capsule's anonymous
// namespace: to their captures they are the user's code.
bool is_own_frame(const Frame& frame) {
    const std::string_view f = frame.function;
    if (f.rfind("capsule::", 0) != 0) return false;
    const std::string_view rest = f.substr(9);
    return rest.rfind("testing::", 0) != 0 && rest.rfind("(anonymous namespace)::", 0) != 0;
}

// Where a stack stops being the program's: main, or the libc routine that
// starts a thread (its caller, clone, is not code anyone wrote).
bool is_thread_start(const Frame& frame) {
    return frame.function == "start_thread" || frame.function == "clone3" ||
           frame.function == "__clone3" || frame.function == "clone" || frame.function == "__clone";
}

bool is_main(const Frame& frame) { return frame.function == "main"; }

bool wants_snippet(const Frame& frame) {
    return !frame.file.empty() && frame.file.rfind("/usr/", 0) != 0;
}

// How many logical frames at the top, below capsule's own, are the test
// framework reporting an assertion (GoogleTest's AssertHelper and
// AddTestPartResult, Catch2's assertion handler): the failure is the user's
// line below them, not the path of its report. None unless a user frame
// follows them.
int reporting_frames(const std::vector<symbols::Resolved>& resolved,
                     const CaptureOptions& options, std::string_view program) {
    int framework = 0;
    bool own = true;
    for (const auto& r : resolved)
        for (const auto& lf : r.frames) {
            if (own && is_own_frame(lf.frame)) continue;
            own = false;
            const std::string category = fingerprint::classify(lf.frame, options.frame_rules, program);
            if (category == fingerprint::category_test_framework) {
                ++framework;
                continue;
            }
            return category == fingerprint::category_user ? framework : 0;
        }
    return 0;
}

// `skip_reporting`: the program's path when the framework's reporting frames
// above an assertion are to be dropped too, else null.
Thread capture_thread(debuginfo::Session& session, const target::ThreadInfo& info,
                      const CaptureOptions& options, values::Budget& budget, bool skip_own,
                      const std::string* skip_reporting, std::vector<std::string>& notes,
                      graph::Builder& graph, values::TypeLookup& types) {
    Thread thread;
    thread.tid = info.tid;
    thread.name = info.name;
    // capsule's own frames and the integration's sit above the user's and are
    // dropped below: they must not use up the user's frame bound.
    const int own_frames_slack = skip_own ? 32 : 0;
    unwind::Stack stack =
        unwind::unwind_thread(session, info.tid, options.bounds.max_frames + own_frames_slack);
    if (!stack.error.empty()) notes.push_back("thread " + std::to_string(info.tid) + ": " + stack.error);
    thread.truncated = stack.truncated;

    // Resolve every physical frame first: entry values of frame N need frame N+1.
    std::vector<symbols::Resolved> resolved;
    resolved.reserve(stack.frames.size());
    bool reached_end = false;
    for (const auto& physical : stack.frames) {
        resolved.push_back(symbols::resolve(session, physical, options.system_lines));
        if (options.stop_at_main) {
            for (const auto& lf : resolved.back().frames) {
                if (is_main(lf.frame)) reached_end = true;
                // Only below another frame: the innermost one is where the
                // thread is now, e.g. the thread that called pthread_create,
                // still returning from clone3 when another thread crashed.
                if (resolved.size() > 1 && is_thread_start(lf.frame)) {
                    reached_end = true;
                    resolved.pop_back();
                    break;
                }
            }
            if (reached_end) break;
        }
    }

    std::vector<dwarf::FrameEnv> envs(resolved.size());
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        envs[i].target = session.target();
        envs[i].frame = &stack.frames[i];
        envs[i].resolved = &resolved[i];
        envs[i].caller = i + 1 < resolved.size() ? &envs[i + 1] : nullptr;
    }
    dwarf::recover_callee_saved(stack.frames, envs);

    values::ReadContext read{*session.target(), options.bounds, budget, &graph, &types};
    bool skipping = skip_own;
    int reporting_left = skip_reporting ? reporting_frames(resolved, options, *skip_reporting) : 0;
    int snippets_left = 16;
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        for (const auto& lf : resolved[i].frames) {
            if (skipping && is_own_frame(lf.frame)) continue;
            skipping = false;
            if (reporting_left > 0) {
                --reporting_left;
                continue;
            }
            if (static_cast<int>(thread.frames.size()) >= options.bounds.max_frames) {
                thread.truncated = true;
                break;
            }
            Frame frame = lf.frame;
            if (options.locals && resolved[i].has_dwarf && !budget.exhausted()) {
                graph.begin_frame(info.tid, static_cast<int>(thread.frames.size()));
                frame.vars = dwarf::read_frame_variables(lf, envs[i], read);
            }
            // Snippets for the program's own frames, innermost first, bounded:
            // a deep recursion must not read the same file a hundred times.
            if (snippets_left > 0 && wants_snippet(frame)) {
                frame.snippet = symbols::read_snippet(frame.file, frame.line, options.snippet_context);
                if (!frame.snippet.empty()) --snippets_left;
            }
            thread.frames.push_back(std::move(frame));
        }
    }
    return thread;
}

}  // namespace

Report run_capture(debuginfo::Session& session, const target::Target& target,
                   const Failure& failure, const CaptureOptions& options, pid_t failing_tid,
                   bool skip_own_frames) {
    auto started = std::chrono::steady_clock::now();
    Report report;
    report.kind = failure.kind;
    report.message = failure.message;
    report.test = failure.test;
    report.assertion = failure.assertion;
    report.signal = failure.signal;
    report.exception = failure.exception;
    report.capture.path = target.path_name();
    fill_process_facts(report, target.pid(), options);

    values::Budget budget(options.bounds.max_capture_ms, options.bounds.max_values);
    // One object graph and one type index for every thread and frame: an
    // object two frames reach is one node.
    graph::Builder graph;
    values::TypeLookup types(session.dwfl());
    session.bind(&target);
    // The failing thread first: if the budget runs out, it is the one that matters.
    auto threads = target.threads();
    std::stable_partition(threads.begin(), threads.end(),
                          [&](const target::ThreadInfo& t) { return t.tid == failing_tid; });
    for (const auto& info : threads) {
        if (budget.check_time_now()) {
            report.capture.notes.push_back("time budget spent before thread " + std::to_string(info.tid));
            report.capture.truncated = true;
            break;
        }
        bool failing = info.tid == failing_tid;
        const bool skip_own = failing && skip_own_frames;
        const bool skip_reporting = skip_own && failure.kind == "assertion";
        Thread thread = capture_thread(session, info, options, budget, skip_own,
                                       skip_reporting ? &report.binary : nullptr,
                                       report.capture.notes, graph, types);
        // A snapshot of a healthy process has no failing thread unless the
        // caller named one; its threads are only ordered.
        thread.failing = failing && (failure.kind != "snapshot" || failure.failing_tid != 0);
        report.threads.push_back(std::move(thread));
    }
    session.bind(nullptr);
    report.graph = graph.take();
    if (budget.exhausted()) {
        report.capture.truncated = true;
        report.capture.notes.push_back("value or time budget spent: some values are missing");
    }
    report.std_library = detect_std_library(session);
    // Main binary's build id: the module that holds main's frame, else the executable path.
    for (const auto& t : report.threads)
        for (const auto& f : t.frames)
            if (f.module == report.binary && report.build_id.empty()) report.build_id = f.build_id;

    finish_report(report, options);
    // After masking: a node's summary is what the (masked) tree shows.
    graph::take_summaries(report);
    report.capture.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::string detect_std_library(debuginfo::Session& session) {
    std::string found = "unknown";
    auto visit = [](Dwfl_Module* module, void**, const char* name, Dwarf_Addr, void* arg) -> int {
        auto* out = static_cast<std::string*>(arg);
        std::string n = name ? name : "";
        if (n.find("libc++.so") != std::string::npos) *out = "libc++";
        else if (n.find("libstdc++.so") != std::string::npos && *out == "unknown") *out = "libstdc++";
        (void)module;
        return DWARF_CB_OK;
    };
    dwfl_getmodules(session.dwfl(), visit, &found, 0);
    return found;
}

}  // namespace capsule::capture

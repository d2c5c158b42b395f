// target -> physical frames -> logical frames -> variables -> values.
#include "capture/engine.hpp"

#include <algorithm>
#include <chrono>

#include "capture/process_facts.hpp"
#include "dwarf/frame_variables.hpp"
#include "dwarf/recover_registers.hpp"
#include "graph/builder.hpp"
#include "symbols/symbols.hpp"
#include "unwind/unwind.hpp"
#include "values/budget.hpp"
#include "values/type_lookup.hpp"

namespace capsule::capture {
namespace {

bool is_own_frame(const Frame& frame) { return frame.function.rfind("capsule::", 0) == 0; }

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

Thread capture_thread(debuginfo::Session& session, const target::ThreadInfo& info,
                      const CaptureOptions& options, values::Budget& budget, bool skip_own,
                      std::vector<std::string>& notes, graph::Builder& graph,
                      values::TypeLookup& types) {
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
                if (is_thread_start(lf.frame)) {
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
    int snippets_left = 16;
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        for (const auto& lf : resolved[i].frames) {
            if (skipping && is_own_frame(lf.frame)) continue;
            skipping = false;
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
        Thread thread = capture_thread(session, info, options, budget, failing && skip_own_frames,
                                       report.capture.notes, graph, types);
        thread.failing = failing;
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

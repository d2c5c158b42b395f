#include "crash/in_process.hpp"

#include <cstdio>
#include <exception>

#include "capsule/capture.hpp"
#include "crash/async_text.hpp"
#include "crash/budget.hpp"
#include "crash/frames.hpp"
#include "crash/signal_names.hpp"
#include "crash/summary.hpp"
#include "crash/test_slot.hpp"
#include "loader/engine_api.hpp"

namespace capsule::crash {

void capture_crash_in_process(const CrashSetup& setup, const ucontext_t& context, int signal,
                              int code, std::uint64_t address, pid_t sender, pid_t tid) {
    // Loading the engine here would run the dynamic loader in a signal
    // handler: without a capture earlier in the run (or use_helper off, which
    // loads it at start) the helper is the only way.
    const loader::EngineApi* engine = loader::engine_if_loaded();
    if (!engine) {
        give_back_capsule();
        write_text(2, "capsule: no crash capsule: the capture engine is not loaded and the "
                      "crash helper could not run\n");
        return;
    }
    try {
        TestFields fields;
        current_test().read(fields);
        Failure failure;
        failure.kind = "crash";
        failure.test = to_identity(fields);
        failure.signal = make_signal_info(signal, code, address);
        failure.message = describe_signal(failure.signal, sender);

        Report report = engine->capture_from_signal(context, failure, setup.capture);
        for (Thread& thread : report.threads) cut_signal_handler_frames(thread);
        if (!mark_failing_thread(report, tid) && !report.threads.empty())
            report.threads.front().failing = true;
        report.capture.path = "in-process";
        report.extra["framework"] = setup.framework;
        engine->finish_report(report, setup.capture);

        const std::string path = engine->store_capsule(report, setup.output_dir);
        std::fprintf(stderr, "%s\n", summary_line(report, path).c_str());
        std::fflush(stderr);
    } catch (const std::exception& e) {
        give_back_capsule();
        std::fprintf(stderr, "capsule: no crash capsule: %s\n", e.what());
    } catch (...) {
        give_back_capsule();
        std::fprintf(stderr, "capsule: no crash capsule\n");
    }
}

}  // namespace capsule::crash

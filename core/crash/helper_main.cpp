#include "crash/helper_main.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <string>

#include "capsule/capture.hpp"
#include "capsule/config.hpp"
#include "capsule/store.hpp"
#include "crash/frames.hpp"
#include "crash/helper_protocol.hpp"
#include "crash/signal_names.hpp"
#include "crash/summary.hpp"

namespace capsule::crash {

namespace {

long number(const std::map<std::string, std::string>& args, const char* flag) {
    auto it = args.find(flag);
    if (it == args.end() || it->second.empty()) return 0;
    // Base 0: decimal, or 0x... for the fault address.
    return static_cast<long>(std::strtoull(it->second.c_str(), nullptr, 0));
}

std::string text(const std::map<std::string, std::string>& args, const char* flag) {
    auto it = args.find(flag);
    return it == args.end() ? std::string() : it->second;
}

}  // namespace

int helper_main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    const long pid = number(args, protocol::pid);
    const std::string output = text(args, protocol::output);
    if (pid <= 0 || output.empty() || argc % 2 != 1) {
        std::fprintf(stderr,
                     "capsule-crash-helper: started by capsule's crash handler, not by hand "
                     "(needs %s and %s)\n",
                     protocol::pid, protocol::output);
        return protocol::usage_error;
    }

    RunOptions options;
    std::vector<ConfigWarning> warnings;
    apply_yaml(text(args, protocol::options), "options", options, warnings);

    // The crashed process cannot time this helper out: while the helper holds
    // it under ptrace its threads are stopped, the waiting handler among them.
    // So the bound is enforced here; dying detaches and lets the process go on
    // to end as it would have.
    if (options.helper_timeout_s > 0)
        ::alarm(static_cast<unsigned>(std::ceil(options.helper_timeout_s)));

    Failure failure;
    failure.kind = text(args, protocol::kind) == "timeout" ? "timeout" : "crash";
    failure.test.suite = text(args, protocol::suite);
    failure.test.name = text(args, protocol::name);
    failure.test.full_name = text(args, protocol::full_name);
    failure.test.parameters = text(args, protocol::parameters);
    failure.test.section = text(args, protocol::section);
    failure.test.file = text(args, protocol::file);
    failure.test.line = static_cast<int>(number(args, protocol::line));
    failure.message = text(args, protocol::message);
    if (failure.kind == "crash") {
        failure.signal =
            make_signal_info(static_cast<int>(number(args, protocol::signal)),
                             static_cast<int>(number(args, protocol::code)),
                             static_cast<std::uint64_t>(number(args, protocol::address)));
        if (failure.message.empty())
            failure.message = describe_signal(failure.signal, number(args, protocol::sender));
    }

    const long tid = number(args, protocol::tid);
    failure.failing_tid = tid;
    try {
        Report report = capture_process(static_cast<pid_t>(pid), failure, options.capture);
        if (report.threads.empty()) {
            std::fprintf(stderr, "capsule-crash-helper: could not capture pid %ld%s%s\n", pid,
                         report.capture.notes.empty() ? "" : ": ",
                         report.capture.notes.empty() ? "" : report.capture.notes.front().c_str());
            return protocol::capture_failed;
        }
        if (const long exclude = number(args, protocol::exclude_tid); exclude > 0)
            drop_thread(report, exclude);
        // Every thread stopped in our handler or in the watchdog shows those
        // frames; only the failing one had a signal delivered, and for it the
        // frames below the trampoline are the crash.
        if (mark_failing_thread(report, tid) && failure.kind == "crash")
            cut_signal_handler_frames(report.threads.front());
        report.capture.path = "ptrace";
        report.extra["framework"] = text(args, protocol::framework);
        finish_report(report, options.capture);

        const std::string path = store_capsule(report, output);
        std::fprintf(stderr, "%s\n", summary_line(report, path).c_str());
        return protocol::written;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "capsule-crash-helper: no capsule: %s\n", e.what());
        return protocol::write_failed;
    }
}

}  // namespace capsule::crash

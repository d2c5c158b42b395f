// capture_core: the engine on a core file. What the engine reads from /proc
// for a live process is replaced by what the core itself records: the pid in
// the core may belong to an unrelated process by now.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>

#include "capsule/capture.hpp"
#include "capture/engine.hpp"
#include "crash/signal_names.hpp"
#include "debuginfo/session.hpp"
#include "target/core_notes.hpp"
#include "target/elf_file.hpp"

namespace capsule {
namespace {

// The signals whose default action dumps core. gcore of a live process may
// record the SIGSTOP it was attached with: that is no crash.
bool dumps_core(int signal) {
    switch (signal) {
        case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGABRT:
        case SIGTRAP: case SIGSYS: case SIGQUIT: case SIGXCPU: case SIGXFSZ:
            return true;
        default:
            return false;
    }
}

std::string iso_time(std::time_t seconds, long nanoseconds) {
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  nanoseconds / 1000000);
    return buffer;
}

std::string absolute(const std::string& path) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved) return path;
    std::string out(resolved);
    std::free(resolved);
    return out;
}

std::vector<std::string> split_arguments(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// A signal that made the process dump: NT_SIGINFO when present, else the
// first thread's pr_cursig (old kernels, some gcore versions).
bool dump_signal(const target::CoreNotes& notes, SignalInfo& out, long& sender) {
    if (notes.has_siginfo && dumps_core(notes.signal)) {
        out = crash::make_signal_info(notes.signal, notes.code, notes.fault_address);
        sender = notes.sender;
        return true;
    }
    const int cursig = notes.threads.front().signal;
    if (!dumps_core(cursig)) return false;
    out = crash::make_signal_info(cursig, 0, 0);
    sender = 0;
    return true;
}

void use_core_facts(Report& report, const target::CoreNotes& notes, const std::string& core_path,
                    const std::string& executable) {
    report.pid = notes.pid;
    report.command_line = split_arguments(notes.arguments);
    report.binary = absolute(executable);
    report.environment.clear();
    report.host.clear();
    report.os.clear();
    struct stat st;
    if (::stat(core_path.c_str(), &st) == 0) report.time = iso_time(st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    std::string error;
    target::ElfFile exe;
    if (exe.open(executable, error)) report.build_id = target::build_id_hex(exe.elf());
    report.capture.path = "core";
    report.capture.notes.push_back("from core file " + absolute(core_path) +
                                   ": no environment, host or OS recorded; command line as the "
                                   "kernel cut it");
    // pr_fname is the executable's name cut to 15 bytes.
    std::string base = executable.substr(executable.rfind('/') + 1);
    if (!notes.name.empty() && base.compare(0, notes.name.size(), notes.name) != 0)
        report.capture.notes.push_back("the core was written by \"" + notes.name + "\", not by " + base);
}

Report failed_core(const Failure& failure, const CaptureOptions& options, const std::string& why) {
    Report report;
    report.tool_version = CAPSULE_VERSION;
    report.kind = failure.kind;
    report.message = failure.message;
    report.test = failure.test;
    report.assertion = failure.assertion;
    report.signal = failure.signal;
    report.exception = failure.exception;
    report.capture.path = "core";
    report.capture.truncated = true;
    report.capture.notes.push_back("capture failed: " + why);
    finish_report(report, options);
    return report;
}

}  // namespace

Report capture_core(const std::string& core_path, const std::string& executable,
                    const Failure& failure, const CaptureOptions& options) {
    try {
        std::string error;
        auto target = target::make_core_target(core_path, executable, error);
        if (!target) return failed_core(failure, options, error);
        target::ElfFile core;
        target::CoreNotes notes;
        if (!core.open(core_path, error) || !target::read_core_notes(core.elf(), notes, error))
            return failed_core(failure, options, error);
        auto session = debuginfo::Session::open_core(core_path, executable, notes.pid, error);
        if (!session) return failed_core(failure, options, error);

        Failure effective = failure;
        SignalInfo signal;
        long sender = 0;
        const bool signalled = dump_signal(notes, signal, sender);
        if (signalled && effective.signal.number == 0) {
            effective.signal = signal;
            if (effective.kind == "snapshot") effective.kind = "crash";
            if (effective.message.empty()) effective.message = crash::describe_signal(signal, sender);
        }
        pid_t failing = static_cast<pid_t>(failure.failing_tid);
        if (failing == 0) failing = signalled ? notes.threads.front().tid : notes.pid;

        Report report = capture::run_capture(*session, *target, effective, options, failing, false);
        use_core_facts(report, notes, core_path, executable);
        finish_report(report, options);
        return report;
    } catch (const std::exception& e) {
        return failed_core(failure, options, e.what());
    } catch (...) {
        return failed_core(failure, options, "unknown error");
    }
}

}  // namespace capsule

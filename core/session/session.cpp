#include "capsule/session.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cxxabi.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "capsule/file.hpp"
#include "capsule/store.hpp"
#include "crash/budget.hpp"
#include "crash/helper_launch.hpp"
#include "crash/signal_handler.hpp"
#include "crash/summary.hpp"
#include "crash/test_slot.hpp"
#include "crash/throw_capture.hpp"
#include "crash/watchdog.hpp"
#include "loader/engine_api.hpp"

namespace capsule::session {

namespace {

// The running test's capsules. Its identity is not here: the crash handler's
// slot (crash/test_slot.hpp) holds it, the one copy every path reads.
struct TestState {
    std::optional<Report> first;  // rewritten at the end with the further-failure count
    std::string first_path;
    int further_failures = 0;
    std::vector<Written> written;
};

struct State {
    std::mutex mutex;
    bool started = false;
    std::atomic<bool> active{false};  // `started`, for the per-test fast path
    RunOptions options;
    Framework framework;
    // A test start and end take no lock: these two flags let test_finished
    // see whether the test wrote anything (keep() sets the second under the
    // mutex after reading the first; both sequentially consistent, so either
    // keep() sees the test ended or test_finished sees the capsule).
    std::atomic<bool> test_running{false};
    std::atomic<bool> test_has_capsules{false};
    TestState test;          // guarded by mutex
    TestIdentity owned;      // test_started(TestIdentity): the strings the slot shows
    TestRef owned_ref;       // and the TestRef that points at them
    std::vector<Written> written;
};

State& state() {
    // Never destroyed: a listener may report during static destruction.
    static State* s = new State;
    return *s;
}

// The session while it is started: one load tells the per-test paths whether
// there is anything to do.
constinit std::atomic<State*> active_state{nullptr};

// A syscall per test start adds up over a suite of thousands of tests, so the
// thread id is cached; a fork (whose child keeps the cache) invalidates it.
std::atomic<unsigned> fork_generation{0};

struct ThreadCache {
    pid_t tid = 0;
    unsigned generation = 0;
};
constinit thread_local ThreadCache thread_cache;

// The calling thread's id; on its first test (again in a forked child) it
// also gets an alternate signal stack, so a stack overflow is captured.
pid_t prepare_test_thread() {
    ThreadCache& cache = thread_cache;
    const unsigned now = fork_generation.load(std::memory_order_relaxed);
    if (cache.tid == 0 || cache.generation != now) [[unlikely]] {
        cache.tid = static_cast<pid_t>(::syscall(SYS_gettid));
        cache.generation = now;
        crash::ensure_alternate_stack();
    }
    return cache.tid;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

// The exception being handled, as the framework's catch block sees it.
void describe_current_exception(ExceptionInfo& info) {
    if (info.type.empty())
        if (const std::type_info* type = abi::__cxa_current_exception_type())
            info.type = crash::thrown_type_name(*type);
    if (!info.what.empty() || !std::current_exception()) return;
    // rethrow_exception does not pass through __cxa_throw: no throw capture.
    try {
        std::rethrow_exception(std::current_exception());
    } catch (const std::exception& e) {
        info.what = e.what();
    } catch (...) {
    }
}

std::string display_name(const TestIdentity& test) {
    return test.full_name.empty() ? test.name : test.full_name;
}

// Only called after a capture, so the engine is there; said as an error like
// any other failure to write.
std::string store_through_engine(const Report& report, const std::string& dir) {
    std::string why_not;
    const loader::EngineApi* engine = loader::engine(&why_not);
    if (!engine) throw std::runtime_error(why_not);
    return engine->store_capsule(report, dir);
}

void write_through_engine(const Report& report, const std::string& path) {
    std::string why_not;
    const loader::EngineApi* engine = loader::engine(&why_not);
    if (!engine) throw std::runtime_error(why_not);
    engine->write_capsule(report, path);
}

// The calling thread, as the failing one; nullopt when the engine could not
// be loaded (said once per run), with the claimed capsule given back.
std::optional<Report> capture_here(const Failure& failure) {
    std::string why_not;
    const loader::EngineApi* engine = loader::engine(&why_not);
    if (!engine) {
        crash::give_back_capsule();
        static std::once_flag said;
        std::call_once(said, [&] { std::fprintf(stderr, "capsule: no capsules: %s\n", why_not.c_str()); });
        return std::nullopt;
    }
    Report report = engine->capture_this_thread(failure, options().capture);
    if (!report.threads.empty()) report.threads.front().failing = true;
    return report;
}

// Decides, under the lock, whether this failure gets a capsule of its own.
bool claim_capsule(State& s, bool enabled_kind) {
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.started || !enabled_kind) return false;
    if (s.test_running.load() && !s.options.every_failure && !s.test.written.empty()) {
        ++s.test.further_failures;
        return false;
    }
    return crash::take_capsule();
}

std::string keep(State& s, Report report, const std::vector<std::string>& context) {
    RunOptions options;
    std::string framework;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        options = s.options;
        framework = s.framework.name;
        if (report.test.name.empty() && s.test_running.load()) {
            crash::TestFields fields;
            crash::current_test().read(fields);
            report.test = crash::to_identity(fields);
        }
    }
    report.extra["framework"] = framework;
    if (!context.empty()) report.extra["context"] = join(context);
    std::string path;
    try {
        path = store_through_engine(report, options.output_dir);
    } catch (const std::exception& e) {
        crash::give_back_capsule();
        std::fprintf(stderr, "capsule: no capsule for %s: %s\n", display_name(report.test).c_str(),
                     e.what());
        return {};
    }
    Written w{path, report.kind, report.fingerprint, display_name(report.test)};
    std::lock_guard<std::mutex> lock(s.mutex);
    s.written.push_back(w);
    if (s.test_running.load()) {
        s.test_has_capsules.store(true);
        if (s.test.written.empty()) {
            s.test.first = std::move(report);
            s.test.first_path = path;
        }
        s.test.written.push_back(w);
    }
    return path;
}

}  // namespace

bool start(const RunOptions& from_code, const Framework& framework) {
    State& s = state();
    stop();
    static std::once_flag atfork;
    std::call_once(atfork, [] {
        ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); });
    });
    std::vector<ConfigWarning> warnings;
    loader::set_engine_path(framework.engine);
    RunOptions options = resolve_options(from_code, warnings);
    for (const ConfigWarning& w : warnings)
        std::fprintf(stderr, "capsule: %s: %s\n", w.source.c_str(), w.message.c_str());
    if (!options.enabled) return false;

    std::error_code ec;
    const std::filesystem::path out = std::filesystem::absolute(options.output_dir, ec);
    if (!ec) options.output_dir = out.lexically_normal().string();
    for (const FrameRule& rule : framework.frame_rules) options.capture.frame_rules.push_back(rule);
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.options = options;
        s.framework = framework;
        s.started = true;
        s.test = TestState{};
        s.test_running.store(false);
        s.test_has_capsules.store(false);
        s.active.store(true);
    }
    active_state.store(&s);
    crash::set_capsule_allowance(options.max_capsules);

    crash::HelperSetup helper;
    helper.path = options.use_helper ? crash::find_helper(options.helper_path, framework.helper)
                                     : std::string();
    helper.output_dir = options.output_dir;
    helper.options_yaml = to_yaml(options);
    helper.framework = framework.name;
    helper.timeout_s = options.helper_timeout_s;
    crash::prepare_helper(helper);
    if (options.use_helper && helper.path.empty())
        std::fprintf(stderr,
                     "capsule: capsule-crash-helper not found (set CAPSULE_HELPER); crashes are "
                     "captured in-process, hung tests not at all\n");

    // Without a helper that can attach, a crash is captured in-process, where
    // the engine cannot be loaded any more (a signal handler): load it now.
    if (options.capture_crashes && (helper.path.empty() || !crash::helper_can_attach())) {
        std::string why_not;
        if (!loader::engine(&why_not))
            std::fprintf(stderr, "capsule: %s; crashes are not captured\n", why_not.c_str());
    }
    if (options.capture_crashes) {
        crash::CrashSetup crash_setup;
        crash_setup.use_helper = !helper.path.empty();
        crash_setup.output_dir = options.output_dir;
        crash_setup.framework = framework.name;
        crash_setup.capture = options.capture;
        crash::install_crash_handlers(crash_setup);
    }
    if (options.capture_exceptions) {
        crash::ThrowCaptureSetup throws;
        throws.capture = options.capture;
        throws.per_test_limit = options.throw_captures_per_test;
        crash::arm_throw_capture(throws);
    }
    crash::WatchdogSetup watchdog;
    watchdog.timeout_s = options.test_timeout_s;
    watchdog.exit_code = options.timeout_exit_code;
    watchdog.capture = options.capture_timeouts;
    crash::start_watchdog(watchdog);
    return true;
}

void stop() {
    State& s = state();
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        if (!s.started) return;
        s.started = false;
        s.active.store(false);
        active_state.store(nullptr);
    }
    crash::stop_watchdog();
    crash::disarm_throw_capture();
    crash::stop_watching_throws_on_this_thread();
    crash::uninstall_crash_handlers();
    crash::forget_helper();
}

bool started() {
    State& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.started;
}

RunOptions options() {
    State& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.options;
}

void ignore_exception_type(const std::type_info& type) { crash::ignore_thrown_type(type); }

TestIdentity to_identity(const TestRef& test, const std::string& section) {
    TestIdentity out;
    out.suite = test.suite ? test.suite : "";
    out.name = test.name ? test.name : "";
    crash::render_full_name(test, [&out](const char* text) { out.full_name += text; });
    crash::render_parameters(test, [&out](const char* text) { out.parameters += text; });
    out.section = section;
    out.file = test.file ? test.file : "";
    out.line = test.line;
    return out;
}

namespace {

// The uncommon parts of a test start and end, out of line so that the common
// case needs no register saving.
[[gnu::noinline]] void forget_unfinished_test(State& s) {
    // The previous test never finished (its framework skipped the event).
    std::lock_guard<std::mutex> lock(s.mutex);
    s.test = TestState{};
    s.test_has_capsules.store(false);
}

[[gnu::noinline]] void start_watchdog_clock(const TestRef& test, pid_t tid) {
    crash::watchdog_test_started(tid, to_identity(test).full_name);
}

[[gnu::noinline]] std::vector<Written> finish_test_with_capsules(State& s) {
    TestState done;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        done = std::move(s.test);
        s.test = TestState{};
        s.test_has_capsules.store(false);
    }
    if (done.first && done.further_failures > 0) {
        done.first->extra["further_failures"] = std::to_string(done.further_failures);
        try {
            write_through_engine(*done.first, done.first_path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "capsule: could not add the failure count to %s: %s\n",
                         done.first_path.c_str(), e.what());
        }
    }
    return done.written;
}

}  // namespace

void test_started(const TestRef& test) {
    State* const active = active_state.load(std::memory_order_relaxed);
    if (!active) return;
    // Runs for every test of a passing suite: pointer stores and flags, no
    // lock, no string built or copied (bench/run_listener_bench.sh).
    if (active->test_has_capsules.load(std::memory_order_relaxed)) [[unlikely]]
        forget_unfinished_test(*active);
    const pid_t tid = prepare_test_thread();
    crash::current_test().set(test, tid);
    crash::watch_throws_on_this_thread();
    if (crash::watchdog_running()) [[unlikely]]
        start_watchdog_clock(test, tid);
    active->test_running.store(true);
}

void test_started(TestIdentity test) {
    State& s = state();
    if (!s.active.load()) return;
    {
        // The slot points at these until the next start replaces them.
        std::lock_guard<std::mutex> lock(s.mutex);
        crash::current_test().clear();
        s.owned = std::move(test);
        const TestIdentity& owned = s.owned;
        TestRef& ref = s.owned_ref;
        ref = TestRef{};
        ref.suite = owned.suite.c_str();
        ref.name = owned.name.c_str();
        ref.full_name = owned.full_name.empty() ? nullptr : owned.full_name.c_str();
        if (!owned.parameters.empty()) ref.values[0] = owned.parameters.c_str();
        ref.file = owned.file.c_str();
        ref.line = owned.line;
    }
    test_started(s.owned_ref);
}

void test_section(const std::string& section) {
    State& s = state();
    if (!s.active.load() || !s.test_running.load()) return;
    crash::current_test().set_section(section.c_str());
}

std::vector<Written> test_finished() {
    State* const active = active_state.load(std::memory_order_relaxed);
    if (!active) return {};
    if (crash::watchdog_running()) [[unlikely]]
        crash::watchdog_test_finished();
    crash::stop_watching_throws_on_this_thread();
    crash::current_test().clear();
    active->test_running.store(false);
    if (!active->test_has_capsules.load()) return {};  // the common case: nothing written
    return finish_test_with_capsules(*active);
}

std::string assertion_failed(const Failure& failure, const std::vector<std::string>& context) {
    State& s = state();
    if (!claim_capsule(s, options().capture_assertions)) return {};
    Failure f = failure;
    f.kind = "assertion";
    std::optional<Report> report = capture_here(f);
    if (!report) return {};
    return keep(s, std::move(*report), context);
}

std::string exception_escaped(const Failure& given, const std::vector<std::string>& context) {
    State& s = state();
    if (!claim_capsule(s, options().capture_exceptions)) return {};
    Failure failure = given;
    describe_current_exception(failure.exception);
    std::string why_not;
    std::optional<Report> at_throw = crash::take_throw_capture(why_not);
    Report report;
    if (at_throw) {
        report = std::move(*at_throw);
        report.kind = "exception";
        if (!failure.message.empty()) report.message = failure.message;
        report.test = failure.test;
        // The type and what() seen at the throw are exact; the framework's are
        // parsed from its message.
        if (report.exception.type.empty()) report.exception.type = failure.exception.type;
        if (report.exception.what.empty()) report.exception.what = failure.exception.what;
    } else {
        Failure f = failure;
        f.kind = "exception";
        std::optional<Report> here = capture_here(f);
        if (!here) return {};
        report = std::move(*here);
        report.capture.notes.push_back(why_not);
    }
    return keep(s, std::move(report), context);
}

std::vector<Written> written() {
    State& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return s.written;
}

std::string summary() {
    std::string out;
    for (const Written& w : written()) {
        Report shown;
        shown.kind = w.kind;
        shown.fingerprint = w.fingerprint;
        shown.test.full_name = w.test;
        out += crash::summary_line(shown, w.path) + "\n";
    }
    return out;
}

}  // namespace capsule::session

#include "crash/throw_capture.hpp"

#include <cxxabi.h>
#include <pthread.h>
#include <unwind.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "capsule/capture.hpp"
#include "crash/frames.hpp"
#include "crash/test_slot.hpp"
#include "crash/throw_hook.hpp"
#include "loader/engine_api.hpp"

namespace capsule::crash {

namespace {

std::atomic<bool>& armed = detail::throw_capture_is_armed;
std::atomic<bool> in_forked_child{false};
std::mutex setup_mutex;
std::shared_ptr<const ThrowCaptureSetup> active_setup;  // guarded by setup_mutex
std::vector<const std::type_info*> ignored_types;        // guarded by setup_mutex

// A throw site is identified by the return addresses of its innermost frames:
// enough to tell the call paths of one throw statement apart. Each frame
// walked costs about half a microsecond on every throw of a running test.
constexpr int key_frames = 4;
using SiteKey = std::uint64_t;

enum class Skipped { no, caught_before, limit_reached };

struct Record {
    void* object = nullptr;
    bool captured = false;
    Skipped skipped = Skipped::no;
    SiteKey key = 0;
    bool taken = false;
    // Only a captured throw has one; a pointer keeps the records of the many
    // skipped throws cheap to create and replace.
    std::unique_ptr<Report> report;
};

struct ThreadState {
    bool in_hook = false;  // a throw inside our own capture is not captured again
    int captures_this_test = 0;
    std::unordered_set<SiteKey> caught_sites;
    // The last few throws: a handler that throws anew while handling one
    // exception makes the escaping one not always the latest.
    std::array<Record, 4> recent;
    std::size_t next = 0;
    ThrowStats stats;
};

bool& dirty_flag() { return detail::throw_records_dirty; }

ThreadState& state() {
    thread_local ThreadState s;
    return s;
}

struct KeyWalk {
    SiteKey hash = 1469598103934665603ull;  // FNV-1a offset basis
    int frames = 0;
};

_Unwind_Reason_Code key_step(_Unwind_Context* context, void* arg) {
    auto* walk = static_cast<KeyWalk*>(arg);
    const std::uint64_t pc = _Unwind_GetIP(context);
    for (int byte = 0; byte < 8; ++byte) {
        walk->hash ^= (pc >> (8 * byte)) & 0xff;
        walk->hash *= 1099511628211ull;
    }
    return ++walk->frames >= key_frames ? _URC_END_OF_STACK : _URC_NO_REASON;
}

SiteKey site_key(const std::type_info& type) {
    KeyWalk walk;
    _Unwind_Backtrace(key_step, &walk);
    return walk.hash ^ std::hash<std::string_view>()(type.name());
}

bool is_ignored(void* object, const std::type_info* thrown) {
    std::lock_guard<std::mutex> lock(setup_mutex);
    for (const std::type_info* ignored : ignored_types) {
        // libstdc++'s catch matching: does `catch (const Ignored&)` take it?
        // It needs the object itself to find virtual bases.
        void* adjusted = object;
        if (*ignored == *thrown || ignored->__do_catch(thrown, &adjusted, 1)) return true;
    }
    return false;
}

std::shared_ptr<const ThrowCaptureSetup> current_setup() {
    std::lock_guard<std::mutex> lock(setup_mutex);
    return active_setup;
}

void record(ThreadState& s, Record r) {
    s.recent[s.next] = std::move(r);
    s.next = (s.next + 1) % s.recent.size();
}

void* current_exception_object() {
    std::exception_ptr current = std::current_exception();
    if (!current) return nullptr;
    // libstdc++ and libc++ both hold exactly the thrown object's address in
    // exception_ptr (their ABI); nothing public exposes it.
    static_assert(sizeof(std::exception_ptr) == sizeof(void*));
    void* object = nullptr;
    std::memcpy(&object, static_cast<const void*>(&current), sizeof object);
    return object;
}

}  // namespace

namespace detail {

void on_throw(void* object, std::type_info* type) {
    ThreadState& s = state();
    if (s.in_hook || in_forked_child.load(std::memory_order_relaxed)) return;
    s.in_hook = true;
    dirty_flag() = true;
    ++s.stats.throws;

    // What earlier throws left unclaimed was caught inside the test: those
    // sites are known to be caught and are not captured again. Except the
    // exception being handled right now, which may still be rethrown.
    void* handled = current_exception_object();
    for (Record& r : s.recent)
        if (r.object && !r.taken && r.captured && r.object != handled) {
            s.caught_sites.insert(r.key);
            r = Record{};
        }
    // An address reused by a new exception object must not match an old record.
    for (Record& r : s.recent)
        if (r.object == object) r = Record{};

    std::shared_ptr<const ThrowCaptureSetup> setup = current_setup();
    if (!setup || is_ignored(object, type)) {
        ++s.stats.skipped;
        s.in_hook = false;
        return;
    }
    Record r;
    r.object = object;
    r.key = site_key(*type);
    if (s.caught_sites.count(r.key)) {
        r.skipped = Skipped::caught_before;
    } else if (s.captures_this_test >= setup->per_test_limit) {
        r.skipped = Skipped::limit_reached;
    } else {
        ++s.captures_this_test;
        Failure failure;
        failure.kind = "exception";
        failure.exception.type = thrown_type_name(*type);
        failure.exception.what = thrown_what(object, *type);
        failure.message = failure.exception.what;
        TestFields fields;
        current_test().read(fields);
        failure.test = to_identity(fields);
        // No engine (said when the test reports its failure): no capture.
        if (const loader::EngineApi* engine = loader::engine())
            r.report = std::make_unique<Report>(engine->capture_this_thread(failure, setup->capture));
        if (r.report && !r.report->threads.empty()) {
            cut_leading_frames(r.report->threads.front(), {"__cxa_throw"});
            r.report->threads.front().failing = true;
        }
        r.captured = r.report != nullptr;
    }
    if (r.captured) ++s.stats.captured;
    else ++s.stats.skipped;
    record(s, std::move(r));
    s.in_hook = false;
}

}  // namespace detail

void arm_throw_capture(const ThrowCaptureSetup& setup) {
    detail::link_throw_hook();
    static std::once_flag atfork;
    // A forked child (a gtest death test) keeps the flag of the thread that
    // forked; its throws are not this run's.
    std::call_once(atfork, [] {
        ::pthread_atfork(nullptr, nullptr, [] { in_forked_child.store(true); });
    });
    {
        std::lock_guard<std::mutex> lock(setup_mutex);
        active_setup = std::make_shared<const ThrowCaptureSetup>(setup);
    }
    armed.store(true);
}

void disarm_throw_capture() {
    armed.store(false);
    std::lock_guard<std::mutex> lock(setup_mutex);
    active_setup.reset();
}

bool throw_capture_armed() { return armed.load(); }

void ignore_thrown_type(const std::type_info& type) {
    std::lock_guard<std::mutex> lock(setup_mutex);
    for (const std::type_info* known : ignored_types)
        if (*known == type) return;
    ignored_types.push_back(&type);
}

namespace detail {

constinit std::atomic<bool> throw_capture_is_armed{false};
constinit thread_local bool throw_records_dirty = false;

void reset_throw_records(bool new_test) {
    ThreadState& s = state();
    for (Record& r : s.recent) r = Record{};
    s.captures_this_test = 0;
    // The stats stay readable after a test ends, until the next one starts.
    if (new_test) {
        s.stats = {};
        throw_records_dirty = false;
    }
}

}  // namespace detail

std::optional<Report> take_throw_capture(std::string& why_not) {
    void* object = current_exception_object();
    if (!object) {
        why_not = "no exception is being handled";
        return std::nullopt;
    }
    ThreadState& s = state();
    for (Record& r : s.recent) {
        if (r.object != object) continue;
        r.taken = true;
        if (!r.captured) {
            why_not = r.skipped == Skipped::caught_before
                          ? "throw site not captured: exceptions from this call path were "
                            "caught before"
                          : "throw site not captured: the test used up its throw captures";
            return std::nullopt;
        }
        return std::move(*r.report);
    }
    why_not = detail::watch_throws ? "throw site not captured: thrown outside the test body or "
                                     "rethrown from another exception"
                                   : "throw site not captured: throw capture is off";
    return std::nullopt;
}

ThrowStats throw_stats_of_this_thread() { return state().stats; }

std::string thrown_type_name(const std::type_info& type) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
    return status == 0 && name ? std::string(name.get()) : std::string(type.name());
}

std::string thrown_what(void* object, const std::type_info& type) {
    void* adjusted = object;
    // What `catch (const std::exception& e)` would bind to, if anything.
    if (typeid(std::exception).__do_catch(&type, &adjusted, 1))
        return static_cast<const std::exception*>(adjusted)->what();
    return {};
}

}  // namespace capsule::crash

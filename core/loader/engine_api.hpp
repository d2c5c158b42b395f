// The capture engine behind one table of functions.
//
// A test binary links the runtime only (session, crash handlers, throw hook,
// watchdog, options) and loads the engine, with libdw, libelf, libzip,
// libcrypto and yaml-cpp behind it, at its first capture: a passing suite
// never pays the dynamic loader for them, which was most of what linking
// capsule cost a run of thousands of passing tests. The CLI, the crash helper
// and capsule's own tests link the engine in (capsule_core), and the same
// table then points at the linked functions.
#pragma once

#include <ucontext.h>

#include <string>
#include <vector>

#include "capsule/capture.hpp"
#include "capsule/config.hpp"
#include "capsule/report.hpp"

namespace capsule::loader {

// Bumped whenever the table or a type passed through it changes layout.
inline constexpr int engine_abi = 1;
// The one symbol the engine's shared object exports: `const EngineApi* ()`.
inline constexpr const char* entry_symbol = "capsule_engine_api";
// Its file name, looked for beside the test binary when no path is given.
inline constexpr const char* engine_file_name = "libcapsule-engine.so";

struct EngineApi {
    int abi;
    const char* version;     // CAPSULE_VERSION: runtime and engine from one build
    std::size_t layout_key;  // sizes of the types passed through the table
    Report (*capture_this_thread)(const Failure&, const CaptureOptions&);
    Report (*capture_from_signal)(const ucontext_t&, const Failure&, const CaptureOptions&);
    void (*finish_report)(Report&, const CaptureOptions&);
    std::string (*store_capsule)(const Report&, const std::string&);
    void (*write_capsule)(const Report&, const std::string&);
    void (*apply_yaml)(const std::string&, const std::string&, RunOptions&,
                       std::vector<ConfigWarning>&);
};

constexpr std::size_t layout_key() {
    return sizeof(Report) * 31 + sizeof(Failure) * 17 + sizeof(CaptureOptions) * 7 +
           sizeof(RunOptions) * 3 + sizeof(ConfigWarning);
}

// The engine's own table (engine side).
const EngineApi& engine_table();

// Where to look for the engine before the default places (CAPSULE_ENGINE
// always wins): the path the integration was built with.
void set_engine_path(const std::string& path);
// The engine, loaded on first use; nullptr when it cannot be loaded, with the
// reason in `why_not` (the same reason on later calls). No exception: a throw
// from here would meet capsule's own throw hook in the middle of a test. Not
// from a signal handler: loading runs the dynamic loader.
const EngineApi* engine(std::string* why_not = nullptr);
// Async-signal-safe: the engine when it is already loaded, else nullptr.
const EngineApi* engine_if_loaded();

}  // namespace capsule::loader

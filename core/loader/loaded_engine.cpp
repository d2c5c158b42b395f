// capsule_runtime: the engine is libcapsule-engine.so, opened at the first
// capture. RTLD_LOCAL keeps its libraries (libdw, libzip, yaml-cpp, ...) out
// of the test binary's symbol scope; the runtime reaches the engine through
// the one table it exports.
#include <dlfcn.h>
#include <limits.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "loader/engine_api.hpp"

#ifndef CAPSULE_VERSION
#define CAPSULE_VERSION "unknown"
#endif

namespace capsule::loader {

namespace {

std::mutex load_mutex;
std::string configured_path;  // guarded by load_mutex
bool tried = false;           // guarded by load_mutex
std::string failure;          // guarded by load_mutex; why the engine is not there
std::atomic<const EngineApi*> loaded{nullptr};

std::string beside_this_executable() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return {};
    std::string path(buffer, static_cast<std::size_t>(n));
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return {};
    return path.substr(0, slash + 1) + engine_file_name;
}

// Opens `path` and checks that it is the engine of this very build: a table
// from another version would be read with the wrong layout.
const EngineApi* open_engine(const std::string& path, std::string& why) {
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = ::dlerror();
        why = error ? error : "cannot open " + path;
        return nullptr;
    }
    using Entry = const EngineApi* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, entry_symbol));
    const EngineApi* api = entry ? entry() : nullptr;
    if (!api) {
        why = path + " is not a capsule engine";
    } else if (api->abi != engine_abi || api->layout_key != layout_key() ||
               std::strcmp(api->version, CAPSULE_VERSION) != 0) {
        why = path + " is capsule engine " + api->version + ", the test was built with " +
              CAPSULE_VERSION + " (rebuild the test, or set CAPSULE_ENGINE)";
    } else {
        return api;  // stays open for the life of the process
    }
    ::dlclose(handle);
    return nullptr;
}

const EngineApi* load(std::string& why) {
    // CAPSULE_ENGINE names the file outright; otherwise the place the
    // integration was built with, then beside the test binary.
    if (const char* named = std::getenv("CAPSULE_ENGINE"); named && *named)
        return open_engine(named, why);
    std::string first_why;
    for (const std::string& path : {configured_path, beside_this_executable()}) {
        if (path.empty() || ::access(path.c_str(), R_OK) != 0) continue;
        if (const EngineApi* api = open_engine(path, why)) return api;
        if (first_why.empty()) first_why = why;
    }
    why = !first_why.empty() ? first_why
                             : std::string(engine_file_name) +
                                   " not found (set CAPSULE_ENGINE to its path)";
    return nullptr;
}

}  // namespace

void set_engine_path(const std::string& path) {
    std::lock_guard<std::mutex> lock(load_mutex);
    configured_path = path;
}

const EngineApi* engine(std::string* why_not) {
    if (const EngineApi* api = loaded.load(std::memory_order_acquire)) return api;
    std::lock_guard<std::mutex> lock(load_mutex);
    if (const EngineApi* api = loaded.load(std::memory_order_acquire)) return api;
    if (!tried) {
        tried = true;
        std::string why;
        if (const EngineApi* api = load(why)) {
            loaded.store(api, std::memory_order_release);
            return api;
        }
        failure = "capture engine not loaded: " + why;
    }
    if (why_not) *why_not = failure;
    return nullptr;
}

const EngineApi* engine_if_loaded() { return loaded.load(std::memory_order_acquire); }

}  // namespace capsule::loader

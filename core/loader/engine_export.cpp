// The entry point of libcapsule-engine.so. Everything else in the shared
// object is hidden (engine.map), so that its copy of capsule's
// code never interposes on, or is interposed by, the runtime in the test
// binary.
#include "loader/engine_api.hpp"

extern "C" __attribute__((visibility("default"))) const capsule::loader::EngineApi*
capsule_engine_api() {
    return &capsule::loader::engine_table();
}

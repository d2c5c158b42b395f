#include "loader/engine_api.hpp"

#include "capsule/file.hpp"
#include "capsule/store.hpp"

#ifndef CAPSULE_VERSION
#define CAPSULE_VERSION "unknown"
#endif

namespace capsule::loader {

const EngineApi& engine_table() {
    static constexpr EngineApi table{
        engine_abi,
        CAPSULE_VERSION,
        layout_key(),
        &capture_this_thread,
        &capture_from_signal,
        &finish_report,
        &store_capsule,
        &write_capsule,
        &apply_yaml,
    };
    return table;
}

}  // namespace capsule::loader

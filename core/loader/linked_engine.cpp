// capsule_core: the engine is linked in, so it is always there.
#include "loader/engine_api.hpp"

namespace capsule::loader {

void set_engine_path(const std::string&) {}
const EngineApi* engine(std::string*) { return &engine_table(); }
const EngineApi* engine_if_loaded() { return &engine_table(); }

}  // namespace capsule::loader

// The code map as the JSON document `capsule codemap` prints.
#pragma once

#include "capsule/codemap.hpp"
#include "render/json_out.hpp"

namespace capsule::cli {

ojson code_map_json(const codemap::CodeMap& map, bool with_source);

}  // namespace capsule::cli

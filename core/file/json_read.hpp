// Reading capsule.json from text the caller no longer needs.
#pragma once

#include <string>

#include "capsule/report.hpp"

namespace capsule::file {

// report_from_json, freeing `text` once it is parsed: a reader holds the
// file's text or its document, never both with the Report.
Report report_from_owned_json(std::string text);

}  // namespace capsule::file

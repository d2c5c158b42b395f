// Reading manifest.yaml: only as much as deciding whether this build can read
// the capsule at all needs.
#pragma once

#include <string>

namespace capsule::file {

// Parses the manifest and checks its format version. Throws FormatError.
void check_manifest(const std::string& yaml);

}  // namespace capsule::file

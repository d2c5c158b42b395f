// Which capsule formats this build reads: the same major version, any minor
// (a minor version only adds fields, which readers ignore).
#pragma once

namespace capsule::file {

// Throws FormatError for a newer major format or a format number that no
// capsule ever had.
void check_format_version(int major, int minor);

}  // namespace capsule::file

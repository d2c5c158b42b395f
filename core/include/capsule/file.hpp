// The capsule file: a zip holding manifest.yaml and capsule.json. C++17.
#pragma once

#include <stdexcept>
#include <string>

#include "capsule/report.hpp"

namespace capsule {

// A file that is not a capsule, is damaged, or is of a newer major format.
// what() is one line, fit to print after "capsule: ".
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Writes atomically (temporary file in the same directory, then rename): a
// reader never sees half a capsule. Throws std::runtime_error on I/O failure.
void write_capsule(const Report& report, const std::string& path);

// Throws FormatError.
Report read_capsule(const std::string& path);

// The whole report as one JSON document (the shape `capsule show --json` prints).
std::string report_to_json(const Report& report, int indent = -1);
// Throws FormatError.
Report report_from_json(const std::string& json);

// manifest.yaml: the summary fields, readable without the frames.
std::string report_to_manifest_yaml(const Report& report);

// A file name for the report: KIND-TESTNAME-FP12-TIME-PID.capsule, safe for any file system.
std::string suggested_file_name(const Report& report);

}  // namespace capsule

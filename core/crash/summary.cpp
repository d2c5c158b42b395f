#include "crash/summary.hpp"

namespace capsule::crash {

std::string summary_line(const Report& report, const std::string& path) {
    std::string test = report.test.full_name.empty() ? report.test.name : report.test.full_name;
    if (test.empty()) test = "(no test)";
    std::string line = "capsule: " + report.kind + " " + test + " " +
                       report.fingerprint.substr(0, 12) + " " + path;
    if (!report.capture.path.empty()) line += " (" + report.capture.path + ")";
    return line;
}

}  // namespace capsule::crash

// The one line printed for each capsule written.
#pragma once

#include <string>

#include "capsule/report.hpp"

namespace capsule::crash {

// "capsule: crash Suite.Test 0123456789ab capsules/crash-....capsule (ptrace)"
std::string summary_line(const Report& report, const std::string& path);

}  // namespace capsule::crash

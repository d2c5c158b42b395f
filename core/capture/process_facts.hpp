// Facts about the captured process that do not come from its stack.
#pragma once

#include <sys/types.h>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

namespace capsule::capture {

// pid, command line, time, host, OS, binary, allow-listed environment.
void fill_process_facts(Report& report, pid_t pid, const CaptureOptions& options);

}  // namespace capsule::capture

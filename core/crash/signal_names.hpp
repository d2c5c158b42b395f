// Names for signals and their si_code values, as the capsule records them.
#pragma once

#include <cstdint>
#include <string>

#include "capsule/report.hpp"

namespace capsule::crash {

const char* signal_name(int signal);                 // "SIGSEGV"; nullptr for others
const char* signal_code_name(int signal, int code);  // "SEGV_MAPERR", "SI_TKILL"; nullptr if unknown

// The fault address only means something for faults the kernel raised
// (si_code > 0); for kill/raise it is left 0.
SignalInfo make_signal_info(int signal, int code, std::uint64_t address);

// One line: "SIGSEGV (SEGV_MAPERR) at 0x10", "SIGABRT (SI_TKILL) sent by pid 42".
std::string describe_signal(const SignalInfo& info, long sender = 0);

}  // namespace capsule::crash

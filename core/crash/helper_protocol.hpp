// How a crashing (or hung) process hands its failure to capsule-crash-helper:
// flags on the command line, exit codes back. Both sides include this file.
#pragma once

namespace capsule::crash::protocol {

// Flags, each followed by one value.
inline constexpr const char* pid = "--pid";
inline constexpr const char* tid = "--tid";                  // failing thread
inline constexpr const char* exclude_tid = "--exclude-tid";  // e.g. the watchdog itself
inline constexpr const char* kind = "--kind";                // crash | timeout
inline constexpr const char* signal = "--signal";
inline constexpr const char* code = "--code";
inline constexpr const char* address = "--address";  // 0x...
inline constexpr const char* sender = "--sender";    // si_pid for signals sent by kill/raise
inline constexpr const char* message = "--message";
inline constexpr const char* output = "--output";
inline constexpr const char* options = "--options";  // YAML, the run's resolved options
inline constexpr const char* framework = "--framework";
inline constexpr const char* suite = "--suite";
inline constexpr const char* name = "--name";
inline constexpr const char* full_name = "--full-name";
inline constexpr const char* parameters = "--parameters";
inline constexpr const char* section = "--section";
inline constexpr const char* file = "--file";
inline constexpr const char* line = "--line";

// Exit codes of the helper.
inline constexpr int written = 0;
inline constexpr int usage_error = 2;
inline constexpr int capture_failed = 10;  // could not attach or read: try in-process
inline constexpr int write_failed = 11;    // captured, but the capsule could not be written
inline constexpr int exec_failed = 127;    // the child could not exec the helper

}  // namespace capsule::crash::protocol

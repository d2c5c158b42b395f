// Where the pieces `capsule run` puts into a program live: the preload
// library and the crash helper. Installed next to the capsule command (or in
// ../lib/capsule), or where the build put them; CAPSULE_PRELOAD and
// CAPSULE_HELPER name them outright.
#pragma once

#include <string>

namespace capsule::cli {

// Empty when none is found.
std::string find_preload_library();
std::string find_crash_helper();

// A program as execvp would find it: `name` itself when it holds a '/',
// else the first executable of that name on PATH. Empty when none.
std::string find_program(const std::string& name);

}  // namespace capsule::cli

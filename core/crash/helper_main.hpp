// The body of capsule-crash-helper: attach to the crashed or hung process,
// capture every thread, write the capsule. See helper_protocol.hpp.
#pragma once

namespace capsule::crash {

int helper_main(int argc, char** argv);

}  // namespace capsule::crash

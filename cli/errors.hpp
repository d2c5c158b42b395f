// How the capsule command fails: one line on stderr and an exit code that a
// script can act on.
#pragma once

#include <stdexcept>

namespace capsule::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // something broke that the input did not cause
inline constexpr int exit_bad_input = 2;  // usage, missing file, not a capsule, newer format

// A mistake in how the command was called.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace capsule::cli

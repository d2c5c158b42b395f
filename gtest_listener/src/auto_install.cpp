// Compiled into every target that links capsule::gtest: appends the capsule
// listener while static objects are initialized, before main() runs, so no
// test code has to change. A target that gets this file more than once (a
// library and its test both linking capsule::gtest) still installs one.
#include "capsule/gtest.hpp"

namespace {
[[maybe_unused]] const bool capsule_listener_installed = capsule::gtest::detail::auto_install();
}  // namespace

// Compiled into every target that links capsule::catch2: registers the
// capsule listener with the Catch2 that target uses, whichever file defines
// its main().
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "capsule/catch2.hpp"

namespace {
// CATCH_REGISTER_LISTENER pastes the name into an identifier: no `::`.
using CapsuleListener = capsule::catch2::detail::Listener;
}  // namespace

CATCH_REGISTER_LISTENER(CapsuleListener)

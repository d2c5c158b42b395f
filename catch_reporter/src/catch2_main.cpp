// capsule::catch2_main: Catch2's main(), for targets without one of their own.
// The listener itself comes from register_listener.cpp, as for capsule::catch2.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "capsule/catch2.hpp"

#if CATCH_VERSION_MAJOR >= 3
// Catch2 3 has no CATCH_CONFIG_MAIN; its amalgamated header already holds
// Catch::Session.
#if __has_include(<catch2/catch_session.hpp>) && !defined(CAPSULE_CATCH2_HEADER)
#include <catch2/catch_session.hpp>
#endif

int main(int argc, char* argv[]) { return Catch::Session().run(argc, argv); }
#endif

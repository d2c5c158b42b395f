// The project's own main: Catch2's, from the vendored header.
#define CATCH_CONFIG_MAIN
#include "catch.hpp"

// A Catch2 program against Debian's <catch2/catch.hpp> (not a vendored copy),
// with its own main() that calls capsule::catch2::install: nested sections,
// UNSCOPED_INFO, SIGABRT and SIGSEGV under Catch2's own handlers. Built with
// capsule (CAPSULE_PROGRAM defined) and without.
#define CATCH_CONFIG_RUNNER
#ifdef CAPSULE_PROGRAM
#include "capsule/catch2.hpp"
#else
#include <catch2/catch.hpp>
#endif

#include <cstdlib>
#include <thread>

namespace {

__attribute__((noinline)) void store_through(int* slot, int value) {
    const int doubled = value * 2;
    *slot = doubled;
}

}  // namespace

TEST_CASE("Nested sections", "[sections]") {
    const int outer_value = 10;
    SECTION("outer") {
        SECTION("inner") {
            UNSCOPED_INFO("an unscoped note");
            const int inner_value = outer_value + 1;
            CHECK(inner_value == 12);
        }
    }
}

TEST_CASE("Aborts", "[crash]") {
    const int before_abort = 4;
    if (before_abort == 4) std::abort();
}

TEST_CASE("Crashes on a thread it started", "[crash]") {
    const int worker_input = 21;
    std::thread worker([worker_input] { store_through(nullptr, worker_input); });
    worker.join();
}

int main(int argc, char* argv[]) {
#ifdef CAPSULE_PROGRAM
    capsule::RunOptions options;
    options.output_dir = "from_code";
    capsule::catch2::install(options);
#endif
    return Catch::Session().run(argc, argv);
}

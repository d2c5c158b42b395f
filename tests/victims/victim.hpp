// Shared by the victim programs of the integration tests: what keeps an -O2
// build from folding away the frames and values the tests look for.
//
// Each victim captures its own thread at a line marked `// CAPTURE-LINE`
// (the tests find that line by scanning the source), and main writes the
// report to argv[1].
#pragma once

#include <cstdio>
#include <exception>
#include <string>

#include "capsule/capture.hpp"
#include "capsule/file.hpp"

#if defined(__clang__)
#define VICTIM_NOINLINE __attribute__((noinline))
#else
// noipa also stops GCC's IPA clones (f.isra.0, f.constprop.0), which would
// give the frames other names than the source's functions.
#define VICTIM_NOINLINE __attribute__((noinline, noipa))
#endif

namespace victim {

// The capture taken at the CAPTURE-LINE, handed to main for writing.
inline capsule::Report report;

// A store the optimizer must perform, so values computed for it stay real.
inline volatile long sink = 0;

// Makes the object's address escape into an asm statement the compiler cannot
// see through: the object must then live in memory, hold its value at every
// later call (the capture is one) and be described by a plain stack location.
template <class T>
inline __attribute__((always_inline)) void keep(T& object) {
    asm volatile("" : : "r"(&object) : "memory");
}

// What every victim reports. A global rather than a temporary built on the
// CAPTURE-LINE: at -O2 the temporary's inlined construction would lend its own
// line to the call instruction.
inline const capsule::Failure failure = [] {
    capsule::Failure f;
    f.kind = "assertion";
    f.message = "victim check failed";
    return f;
}();

// Writes the capture; exit code 0 only when a capture was taken and written.
inline int finish(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OUTPUT.capsule\n", argv[0]);
        return 2;
    }
    if (report.threads.empty()) {
        std::fprintf(stderr, "%s: the capture holds no thread\n", argv[0]);
        return 3;
    }
    try {
        capsule::write_capsule(report, argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
        return 4;
    }
    return 0;
}

}  // namespace victim

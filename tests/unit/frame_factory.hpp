// Frames as the fingerprint and frame-class tests need them: a function, and
// a source file and module that say whose code it is.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "capsule/report.hpp"

namespace capsule::fingerprint::testing {

inline Frame frame(std::string function, std::string file = "/src/app/code.cpp",
                   std::string module = "/build/app_tests", int line = 10) {
    Frame f;
    f.function = std::move(function);
    f.file = std::move(file);
    f.module = std::move(module);
    f.line = line;
    f.pc = 0x401000 + static_cast<std::uint64_t>(line);
    return f;
}

}  // namespace capsule::fingerprint::testing

// Users include these from C++17 test code: this file must compile as C++17
// with nothing but the public include directory (no libdw, no yaml-cpp).
#include <capsule/capture.hpp>
#include <capsule/file.hpp>
#include <capsule/options.hpp>
#include <capsule/report.hpp>

#if __cplusplus != 201703L
#error "this check must be compiled as C++17"
#endif

int capsule_public_headers_compile_as_cxx17() {
    capsule::Report report;
    capsule::CaptureOptions options;
    return static_cast<int>(report.threads.size()) + options.bounds.max_depth;
}

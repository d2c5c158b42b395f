// libFuzzer target: a .capsule.yaml (the options file a test run picks up from
// its working directory). Bad documents become warnings, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "capsule/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    capsule::RunOptions options;
    std::vector<capsule::ConfigWarning> warnings;
    capsule::apply_yaml(text, "fuzz.capsule.yaml", options, warnings);
    return 0;
}

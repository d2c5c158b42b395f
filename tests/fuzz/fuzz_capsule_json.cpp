// libFuzzer target: capsule.json, the part of a capsule behind the zip layer
// that the zip fuzzer seldom reaches with valid archives. Accepted reports are
// written back and read again: the round trip must hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>

#include "capsule/file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    capsule::Report report;
    try {
        report = capsule::report_from_json(text);
    } catch (const std::exception&) {
        return 0;  // rejected with an error
    }
    // What the reader accepted, the writer writes and the reader reads back.
    const std::string again = capsule::report_to_json(report);
    try {
        (void)capsule::report_from_json(again);
    } catch (const std::exception&) {
        std::abort();  // the writer produced something its own reader refuses
    }
    return 0;
}

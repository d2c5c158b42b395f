// libFuzzer target: the JUnit reader of `capsule ci bundle` (ctest, GoogleTest
// and Catch2 reports), then the edits bundle makes and the writer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ci/junit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace capsule::cli::ci;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        JunitDocument doc = JunitDocument::parse(text, "fuzz.xml");
        if (!doc.cases().empty()) {
            CaseAnnotation note;
            note.file = "src/a.cpp";
            note.line = 7;
            note.properties = {{"capsule.kind", "crash"}};
            note.system_out = "capsule: a.capsule <&>";
            doc.annotate(0, note);
        }
        RebuiltCase rebuilt;
        rebuilt.suite = doc.cases().empty() ? "S" : doc.cases().front().suite;
        rebuilt.classname = "C";
        rebuilt.name = "crashed";
        rebuilt.message = "signal 11";
        rebuilt.type = "crash";
        doc.add_rebuilt(rebuilt);
        (void)doc.to_xml();
    } catch (const JunitError&) {
        // Not a JUnit report: a one-line error is the expected answer.
    }
    return 0;
}

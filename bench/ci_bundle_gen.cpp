// Input for bench/run_ci_bundle_bench.sh: a ctest-shaped JUnit report of
// TESTCASES testcases, the first CAPSULES of them failing, and a capsule
// repository with one capsule per failing test (stored with store_capsule,
// like a test binary stores them), in 50 fingerprint groups.
//
//   ci_bundle_gen OUT_DIR TESTCASES CAPSULES
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "capsule/report.hpp"
#include "capsule/store.hpp"

namespace {

constexpr int groups = 50;
constexpr int frames = 15;
constexpr int vars_per_frame = 8;

capsule::Report report_for(int test) {
    capsule::Report r;
    r.tool_version = "bench";
    r.kind = test % 3 == 0 ? "crash" : "assertion";
    r.message = "Expected equality of these values: total and expected (test " + std::to_string(test) + ")";
    char fp[65];
    std::snprintf(fp, sizeof fp, "%064x", test % groups);
    r.fingerprint = fp;
    r.fingerprint_version = 1;
    r.test.suite = "Suite" + std::to_string(test / 100);
    r.test.name = "Test" + std::to_string(test);
    r.test.full_name = r.test.suite + "." + r.test.name;
    r.time = "2026-01-02T03:04:05.000Z";
    r.host = "bench";
    r.environment["CTEST_TEST_NAME"] = r.test.full_name;
    capsule::Thread t;
    t.tid = 1;
    t.failing = true;
    for (int f = 0; f < frames; ++f) {
        capsule::Frame frame;
        frame.function = "module" + std::to_string(test % groups) + "::function" + std::to_string(f);
        frame.file = "/src/project/module" + std::to_string(f) + ".cpp";
        frame.line = 10 + f;
        frame.category = f < 10 ? "user" : "test-framework";
        for (int v = 0; v < vars_per_frame; ++v) {
            capsule::Variable var;
            var.name = "value" + std::to_string(v);
            var.kind = "local";
            var.type = "std::string";
            var.value = "\"some text of a realistic length for variable " + std::to_string(v) + "\"";
            frame.vars.push_back(var);
        }
        for (int l = 0; l < 7; ++l) frame.snippet.push_back({frame.line - 3 + l, "    int x = compute(y, z);"});
        t.frames.push_back(std::move(frame));
    }
    r.threads.push_back(std::move(t));
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: ci_bundle_gen OUT_DIR TESTCASES CAPSULES\n");
        return 2;
    }
    const std::string out = argv[1];
    const int testcases = std::atoi(argv[2]);
    const int capsules = std::atoi(argv[3]);
    std::filesystem::create_directories(out);
    std::ofstream junit(out + "/junit.xml");
    junit << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"bench\" tests=\"" << testcases
          << "\" failures=\"" << capsules << "\">\n";
    for (int i = 0; i < testcases; ++i) {
        const std::string name = "Suite" + std::to_string(i / 100) + ".Test" + std::to_string(i);
        junit << "\t<testcase name=\"" << name << "\" classname=\"" << name << "\" time=\"0.01\" status=\""
              << (i < capsules ? "fail" : "run") << "\">\n";
        if (i < capsules) junit << "\t\t<failure message=\"\"/>\n";
        junit << "\t\t<system-out>output of " << name << "\n</system-out>\n\t</testcase>\n";
    }
    junit << "</testsuite>\n";
    for (int i = 0; i < capsules; ++i) capsule::store_capsule(report_for(i), out + "/capsules");
    return 0;
}

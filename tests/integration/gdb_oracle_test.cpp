// Every in-process victim, every build, under gdb: whatever gdb shows for the
// capturing frame and its callers (function, file, line, each parameter and
// local), the capsule of the same process must show too.
#include <gtest/gtest.h>

#include <tuple>

#include "capsule/file.hpp"
#include "gdb_oracle.hpp"
#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

struct OracleCase {
    std::string name;
    std::string victim;
    std::vector<std::string> args;
    OracleOptions options;
    int max_frames = 8;
};

std::vector<OracleCase> oracle_cases() {
    OracleOptions scopes;
    scopes.declared_later = {"later", "after_block"};
    OracleOptions inlined;
    inlined.gdb_repeats = {"scaled_sum:sum"};
    return {
        {"scalars", "scalars", {}, {}},
        {"std_types", "std_types", {}, {}},
        {"scopes", "scopes", {}, scopes},
        {"lambda", "lambda", {}, {}},
        {"inline_frames", "inline_frames", {}, inlined},
        {"entry_value", "optimized", {"entry_value"}, {}},
        {"pieces", "optimized", {"pieces"}, {}},
        {"truncation", "truncation", {}, {}},
        {"unreadable", "unreadable", {}, {}},
        {"deep_chain", "deep_chain", {}, {}, 60},
        {"demo", "demo", {}, {}},
    };
}

// gtest prints a parameter's bytes unless told its name.
void PrintTo(const OracleCase& c, std::ostream* os) { *os << c.name; }

class GdbOracle : public ::testing::TestWithParam<std::tuple<OracleCase, std::string>> {};

TEST_P(GdbOracle, CapsuleShowsWhatGdbShows) {
    const auto& [c, variant] = GetParam();
    TempDir dir;
    const std::string capsule_path = dir.path() + "/oracle.capsule";
    std::vector<std::string> argv = {victim_binary(c.victim, variant), capsule_path};
    argv.insert(argv.end(), c.args.begin(), c.args.end());

    const GdbView gdb = run_under_gdb(argv, c.max_frames);
    ASSERT_TRUE(gdb.program_exited_normally) << "under gdb:\n" << gdb.transcript;
    ASSERT_FALSE(gdb.frames.empty()) << gdb.transcript;

    const Report report = read_capsule(capsule_path);
    const Thread& thread = failing_thread(report);
    const std::vector<std::string> differences = compare_with_gdb(thread, gdb, c.options);
    std::string listing;
    for (const std::string& d : differences) listing += "  " + d + "\n";
    EXPECT_TRUE(differences.empty()) << differences.size() << " difference(s) from gdb:\n"
                                     << listing << "capsule:\n" << describe(thread)
                                     << "gdb transcript:\n" << gdb.transcript;
}

INSTANTIATE_TEST_SUITE_P(
    Victims, GdbOracle, ::testing::Combine(::testing::ValuesIn(oracle_cases()),
                                           ::testing::ValuesIn(variants())),
    [](const auto& info) {
        return std::get<0>(info.param).name + "_" + variant_test_name(std::get<1>(info.param));
    });

}  // namespace
}  // namespace capsule::integration

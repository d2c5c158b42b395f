// What every sample test checks on the capsules a run left.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "run_process.hpp"

namespace capsule::testing {

struct Variant {
    std::string name;     // release | debug
    std::string program;  // linked with capsule
    std::string plain;    // the same tests without capsule
    bool optimized = false;
};

// gtest prints a test's parameter by this.
inline void PrintTo(const Variant& variant, std::ostream* out) { *out << variant.name; }

// Runs `program` with its capsules going to `dir`.
Outcome run_sample(const std::string& program, const std::vector<std::string>& args,
               const std::string& dir, std::vector<std::string> env = {});

// The capsules in `dir`, read back.
std::vector<Report> read_capsules(const std::string& dir);

// The first frame of the program's own code on the failing thread.
const Frame* first_user_frame(const Report& report);
const Frame* find_frame(const Thread& thread, const std::string& function_part);
const Variable* find_variable(const Frame& frame, const std::string& name);

// A local's value when the build kept it; in an optimized build a variable
// may be optimized out, which the capsule must then say.
::testing::AssertionResult has_value(const Frame& frame, const std::string& name,
                                     const std::string& value, bool optimized);

bool same_status(const Outcome& a, const Outcome& b);

}  // namespace capsule::testing

#include <gtest/gtest.h>

#include "sample_checks.hpp"

#include "capsule/file.hpp"

namespace capsule::testing {

Outcome run_sample(const std::string& program, const std::vector<std::string>& args,
               const std::string& dir, std::vector<std::string> env) {
    RunSpec spec;
    spec.program = program;
    spec.args = args;
    spec.cwd = dir;
    env.push_back("CAPSULE_OUTPUT_DIR=" + dir + "/capsules");
    spec.env = env;
    return run_process(spec);
}

std::vector<Report> read_capsules(const std::string& dir) {
    std::vector<Report> out;
    for (const std::string& path : capsule_files(dir)) out.push_back(read_capsule(path));
    return out;
}

const Frame* first_user_frame(const Report& report) {
    const Thread* thread = report.failing_thread();
    if (!thread) return nullptr;
    for (const Frame& frame : thread->frames)
        if (frame.category == "user") return &frame;
    return nullptr;
}

const Frame* find_frame(const Thread& thread, const std::string& function_part) {
    for (const Frame& frame : thread.frames)
        if (frame.function.find(function_part) != std::string::npos) return &frame;
    return nullptr;
}

const Variable* find_variable(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return &v;
    return nullptr;
}

::testing::AssertionResult has_value(const Frame& frame, const std::string& name,
                                     const std::string& value, bool optimized) {
    const Variable* v = find_variable(frame, name);
    if (!v) {
        std::string names;
        for (const Variable& each : frame.vars) names += " " + each.name;
        return ::testing::AssertionFailure()
               << "no variable '" << name << "' in " << frame.function << " (has:" << names << ")";
    }
    if (v->status == ValueStatus::ok && v->value == value) return ::testing::AssertionSuccess();
    if (optimized && v->status == ValueStatus::optimized_out) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << name << " = '" << v->value << "' ("
                                         << to_string(v->status) << "), expected '" << value
                                         << "'";
}

bool same_status(const Outcome& a, const Outcome& b) {
    return !a.timed_out && !b.timed_out && a.exited == b.exited && a.exit_code == b.exit_code &&
           a.signal == b.signal;
}

}  // namespace capsule::testing

// The spellings of ValueStatus are part of the file format: capsule.json stores
// them, so they never change once released.
#include "capsule/report.hpp"

#include <array>
#include <utility>

namespace capsule {
namespace {

constexpr std::array<std::pair<ValueStatus, const char*>, 7> status_names{{
    {ValueStatus::ok, "ok"},
    {ValueStatus::optimized_out, "optimized-out"},
    {ValueStatus::unreadable, "unreadable"},
    {ValueStatus::masked, "masked"},
    {ValueStatus::truncated, "truncated"},
    {ValueStatus::shadowed, "shadowed"},
    {ValueStatus::not_implemented, "not-implemented"},
}};

}  // namespace

const char* to_string(ValueStatus status) {
    for (const auto& [value, name] : status_names)
        if (value == status) return name;
    // Only reachable through a cast from an out-of-range integer.
    return "unreadable";
}

bool parse_value_status(const std::string& text, ValueStatus& out) {
    for (const auto& [value, name] : status_names) {
        if (text == name) {
            out = value;
            return true;
        }
    }
    return false;
}

const Thread* Report::failing_thread() const {
    for (const Thread& thread : threads)
        if (thread.failing) return &thread;
    return nullptr;
}

}  // namespace capsule

// Which code a frame belongs to: the user's, a test framework's, the standard
// library's, the system's, or capsule's own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capsule/options.hpp"
#include "capsule/report.hpp"

namespace capsule::fingerprint {

inline constexpr std::string_view category_user = "user";
inline constexpr std::string_view category_test_framework = "test-framework";
inline constexpr std::string_view category_std = "std";
inline constexpr std::string_view category_system = "system";
inline constexpr std::string_view category_capsule = "capsule";

// user | test-framework | std | system | capsule, from function name, source
// file and module path: built-in rules first, then `rules` (later rules win;
// +app makes user, -app makes non-user: the built-in class when that is not
// user, else system). `program` is the main executable, which is never a
// system module even when installed under /usr/lib.
std::string classify(const Frame& frame, const std::vector<FrameRule>& rules,
                     std::string_view program = {});

// Sets frame.category on every frame of every thread, with report.binary as
// the program. A `main` without debug info called from GoogleTest's runner is
// gtest_main's and counts as test framework.
void classify_frames(Report& report, const std::vector<FrameRule>& rules);

// Whole-text glob: * any run of characters (slashes and colons included), ?
// any one character. Case-sensitive.
bool glob_match(std::string_view pattern, std::string_view text);

// "+app:function:PATTERN", "-app:file:PATTERN", "+app:module:PATTERN" (the
// pattern may itself contain colons); nullopt when malformed.
std::optional<FrameRule> parse_frame_rule(std::string_view text);

// Whether `rule` selects `frame`: a function rule matches the demangled or the
// normalized name, a file or module rule the full path or its last component.
bool rule_matches(const FrameRule& rule, const Frame& frame);

}  // namespace capsule::fingerprint

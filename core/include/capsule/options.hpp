// What a capture may cost and what it must hide. C++17.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace capsule {

// Every bound on untrusted memory and on time. Past one, the value says it was
// truncated; the capture still finishes and still leaves a capsule.
struct Bounds {
    int max_depth = 4;               // nesting of members/elements below a variable
    int max_items = 32;              // elements shown per container or array
    std::size_t max_string_bytes = 256;
    int max_values = 20000;          // value nodes in the whole capsule
    int max_frames = 128;            // frames per thread
    double max_capture_ms = 5000;    // wall time for the whole capture
    int pointer_depth = 1;           // how many pointers deep to follow
};

struct MaskRules {
    bool enabled = true;
    // Case-insensitive substrings of variable and member names.
    std::vector<std::string> name_patterns = {"password", "passwd", "secret", "token", "api_key",
                                              "apikey", "auth", "credential", "private_key"};
    bool detect_secret_values = true;  // JWTs, AKIA keys, Bearer tokens, PEM private keys
};

// A user rule that moves frames in or out of "user" code: "+app:function:PATTERN",
// "-app:file:PATTERN", "+app:module:PATTERN". Patterns are globs.
struct FrameRule {
    bool app = true;
    std::string field;  // function | file | module
    std::string pattern;
};

struct CaptureOptions {
    Bounds bounds;
    MaskRules masking;
    std::vector<FrameRule> frame_rules;
    bool locals = true;                   // read parameters and locals
    bool system_lines = false;            // line lookups in system libraries (slow, cold)
    bool stop_at_main = true;             // no frames above main / thread start
    int snippet_context = 3;              // source lines either side of the failing line
    std::vector<std::string> environment_allow = {"CI", "GITHUB_*", "CAPSULE_LEG", "CTEST_*",
                                                  "HOSTNAME", "LANG", "TZ", "USER", "HOME", "PWD",
                                                  "CXX", "CC", "BUILD_*", "RUNNER_*"};
};

}  // namespace capsule

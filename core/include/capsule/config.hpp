// What a test binary captures, where it writes, and when it gives up: the
// options of the test-framework integrations. C++17.
//
// Sources, later ones winning key by key: the defaults below, the options
// passed from code, a `.capsule.yaml` (in the working directory, or the file
// named by CAPSULE_CONFIG), then CAPSULE_* environment variables.
#pragma once

#include <string>
#include <vector>

#include "capsule/options.hpp"

namespace capsule {

struct RunOptions {
    bool enabled = true;
    // Relative paths are taken from the working directory at start.
    std::string output_dir = "capsules";
    // Which failures leave a capsule.
    bool capture_assertions = true;
    bool capture_crashes = true;
    bool capture_exceptions = true;
    bool capture_timeouts = true;
    // false: one capsule per failing test (its first failure) with the count of
    // the others in the manifest; true: one per failure.
    bool every_failure = false;
    int max_capsules = 100;  // per run; 0 means none
    // Per-test watchdog in seconds; 0 leaves it off. Keep it below ctest's
    // TIMEOUT: ctest kills with SIGKILL and nothing survives that.
    double test_timeout_s = 0;
    int timeout_exit_code = 124;  // the status a timed-out run ends with
    // The out-of-process crash helper; empty: found next to the test binary or
    // where capsule was built.
    std::string helper_path;
    bool use_helper = true;          // false: crashes are captured in-process
    double helper_timeout_s = 60;    // how long a crashing process waits for it
    // Throw sites captured with their locals per test; later throws from a
    // stack that already threw and was caught are not captured again.
    int throw_captures_per_test = 16;
    CaptureOptions capture;
    // What `capsule clean` keeps in a repository (`retention.max_days`,
    // `retention.max_capsules`); 0 means no limit. Not `max_capsules` above,
    // which bounds one run.
    struct Retention {
        int max_days = 0;
        int max_capsules = 0;
    } retention;
};

// One problem with one option: where it came from and what was wrong. The
// option keeps its previous value.
struct ConfigWarning {
    std::string source;  // file path or variable name
    std::string message;
};

// Applies a YAML document (the `.capsule.yaml` format) over `options`.
// Unknown keys and bad values become warnings; syntax errors too.
void apply_yaml(const std::string& text, const std::string& source, RunOptions& options,
                std::vector<ConfigWarning>& warnings);

// Applies CAPSULE_* variables from `environ` (or from `env`, "NAME=value" strings).
void apply_environment(RunOptions& options, std::vector<ConfigWarning>& warnings);
void apply_environment(const std::vector<std::string>& env, RunOptions& options,
                       std::vector<ConfigWarning>& warnings);

// Defaults < `from_code` < config file < environment, in that order.
RunOptions resolve_options(const RunOptions& from_code, std::vector<ConfigWarning>& warnings);

// The options as a YAML document that apply_yaml reads back to the same values
// (how the crash helper receives them).
std::string to_yaml(const RunOptions& options);

}  // namespace capsule

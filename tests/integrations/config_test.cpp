// Run options: YAML, environment, precedence, and the YAML the helper gets.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "capsule/config.hpp"
#include "config/fields.hpp"
#include "run_process.hpp"

namespace capsule {
namespace {

TEST(Config, DefaultsAreTheDocumentedOnes) {
    RunOptions o;
    EXPECT_TRUE(o.enabled);
    EXPECT_EQ(o.output_dir, "capsules");
    EXPECT_FALSE(o.every_failure);
    EXPECT_EQ(o.test_timeout_s, 0);
}

TEST(Config, YamlSetsNestedAndListOptions) {
    RunOptions o;
    std::vector<ConfigWarning> warnings;
    apply_yaml(R"(
output_dir: out/caps
capture: [assertion, crash]
every_failure: yes
max_capsules: 7
test_timeout: 2.5
bounds:
  max_depth: 2
  max_string_bytes: 64
masking:
  patterns: [pin, cvv]
  detect_secret_values: false
frame_rules:
  - "-app:function:mylib::detail::*"
  - "+app:file:*/src/*"
)",
               "test.yaml", o, warnings);
    EXPECT_TRUE(warnings.empty()) << warnings.front().message;
    EXPECT_EQ(o.output_dir, "out/caps");
    EXPECT_TRUE(o.capture_assertions);
    EXPECT_TRUE(o.capture_crashes);
    EXPECT_FALSE(o.capture_exceptions);
    EXPECT_FALSE(o.capture_timeouts);
    EXPECT_TRUE(o.every_failure);
    EXPECT_EQ(o.max_capsules, 7);
    EXPECT_DOUBLE_EQ(o.test_timeout_s, 2.5);
    EXPECT_EQ(o.capture.bounds.max_depth, 2);
    EXPECT_EQ(o.capture.bounds.max_string_bytes, 64u);
    EXPECT_EQ(o.capture.masking.name_patterns, (std::vector<std::string>{"pin", "cvv"}));
    EXPECT_FALSE(o.capture.masking.detect_secret_values);
    ASSERT_EQ(o.capture.frame_rules.size(), 2u);
    EXPECT_FALSE(o.capture.frame_rules[0].app);
    EXPECT_EQ(o.capture.frame_rules[0].field, "function");
    EXPECT_EQ(o.capture.frame_rules[0].pattern, "mylib::detail::*");
    EXPECT_TRUE(o.capture.frame_rules[1].app);
    EXPECT_EQ(o.capture.frame_rules[1].field, "file");
}

TEST(Config, BadValuesWarnAndKeepThePreviousValue) {
    RunOptions o;
    o.max_capsules = 3;
    std::vector<ConfigWarning> warnings;
    apply_yaml("max_capsules: lots\nno_such_option: 1\nbounds:\n  max_depth: -1\nenabled: false\n",
               "bad.yaml", o, warnings);
    EXPECT_EQ(o.max_capsules, 3);
    EXPECT_EQ(o.capture.bounds.max_depth, 4);
    EXPECT_FALSE(o.enabled);  // the good key still applies
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_EQ(warnings[0].source, "bad.yaml");
    EXPECT_NE(warnings[0].message.find("max_capsules"), std::string::npos);
    EXPECT_NE(warnings[1].message.find("no_such_option: unknown option"), std::string::npos);
    EXPECT_NE(warnings[2].message.find("bounds.max_depth"), std::string::npos);
}

TEST(Config, BrokenYamlIsOneWarning) {
    RunOptions o;
    std::vector<ConfigWarning> warnings;
    apply_yaml("output_dir: [unclosed", "broken.yaml", o, warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].message.find("not valid YAML"), std::string::npos);
    EXPECT_EQ(o.output_dir, "capsules");
    warnings.clear();
    apply_yaml("- a\n- b\n", "list.yaml", o, warnings);
    ASSERT_EQ(warnings.size(), 1u);
    warnings.clear();
    apply_yaml("", "empty.yaml", o, warnings);
    EXPECT_TRUE(warnings.empty());
}

TEST(Config, EnvironmentVariables) {
    RunOptions o;
    std::vector<ConfigWarning> warnings;
    apply_environment({"CAPSULE_OUTPUT_DIR=/tmp/x", "CAPSULE_CAPTURE=crash, timeout",
                       "CAPSULE_TIMEOUT=30", "CAPSULE_ENABLED=off", "CAPSULE_MAX_DEPTH=9",
                       "CAPSULE_MASK_PATTERNS=pin,cvv", "CAPSULE_LOCALS=0", "CAPSULE_CONFIG=x.yaml",
                       "CAPSULE_BOGUS=1", "CAPSULE_MAX_CAPSULES=-4", "PATH=/bin"},
                      o, warnings);
    EXPECT_EQ(o.output_dir, "/tmp/x");
    EXPECT_FALSE(o.capture_assertions);
    EXPECT_TRUE(o.capture_crashes);
    EXPECT_TRUE(o.capture_timeouts);
    EXPECT_DOUBLE_EQ(o.test_timeout_s, 30);
    EXPECT_FALSE(o.enabled);
    EXPECT_EQ(o.capture.bounds.max_depth, 9);
    EXPECT_EQ(o.capture.masking.name_patterns, (std::vector<std::string>{"pin", "cvv"}));
    EXPECT_FALSE(o.capture.locals);
    EXPECT_EQ(o.max_capsules, 100);
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].source, "CAPSULE_BOGUS");
    EXPECT_EQ(warnings[1].source, "CAPSULE_MAX_CAPSULES");
}

TEST(Config, UnknownFailureKindIsRejected) {
    RunOptions o;
    std::vector<ConfigWarning> warnings;
    apply_environment({"CAPSULE_CAPTURE=assertion,crashes"}, o, warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(o.capture_exceptions);  // unchanged
}

TEST(Config, FrameRuleSyntax) {
    FrameRule rule;
    std::string error;
    EXPECT_TRUE(config::parse_frame_rule("+app:module:*libfoo*", rule, error));
    EXPECT_EQ(config::format_frame_rule(rule), "+app:module:*libfoo*");
    EXPECT_FALSE(config::parse_frame_rule("app:function:x", rule, error));
    EXPECT_FALSE(config::parse_frame_rule("+lib:function:x", rule, error));
    EXPECT_FALSE(config::parse_frame_rule("+app:symbol:x", rule, error));
    EXPECT_FALSE(config::parse_frame_rule("+app:function:", rule, error));
}

TEST(Config, YamlRoundTripKeepsEveryOption) {
    RunOptions o;
    o.enabled = false;
    o.output_dir = "dir with spaces/and: colon";
    o.capture_exceptions = false;
    o.every_failure = true;
    o.max_capsules = 0;
    o.test_timeout_s = 0.1;
    o.helper_path = "";
    o.helper_timeout_s = 12.75;
    o.throw_captures_per_test = 3;
    o.capture.bounds.max_capture_ms = 1234.5;
    o.capture.masking.name_patterns = {};
    o.capture.frame_rules = {{false, "function", "ns::*"}};
    o.capture.environment_allow = {"CI", "GITHUB_*"};
    const std::string yaml = to_yaml(o);

    RunOptions back;
    std::vector<ConfigWarning> warnings;
    apply_yaml(yaml, "round trip", back, warnings);
    EXPECT_TRUE(warnings.empty()) << yaml;
    EXPECT_EQ(to_yaml(back), yaml);
    EXPECT_FALSE(back.enabled);
    EXPECT_EQ(back.output_dir, o.output_dir);
    EXPECT_FALSE(back.capture_exceptions);
    EXPECT_DOUBLE_EQ(back.test_timeout_s, 0.1);
    EXPECT_DOUBLE_EQ(back.capture.bounds.max_capture_ms, 1234.5);
    EXPECT_TRUE(back.capture.masking.name_patterns.empty());
    ASSERT_EQ(back.capture.frame_rules.size(), 1u);
    EXPECT_EQ(back.capture.frame_rules[0].pattern, "ns::*");
}

// resolve_options reads the process environment and the working directory:
// run it in a child process so this test binary keeps its own.
TEST(Config, PrecedenceIsCodeThenFileThenEnvironment) {
    testing::TempDir dir;
    {
        std::ofstream file(dir.path() + "/.capsule.yaml");
        file << "output_dir: from-file\nmax_capsules: 5\nevery_failure: true\n";
    }
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        int failures = 0;
        if (::chdir(dir.path().c_str()) != 0) ::_exit(99);
        ::setenv("CAPSULE_MAX_CAPSULES", "9", 1);
        ::unsetenv("CAPSULE_CONFIG");
        ::unsetenv("CAPSULE_OUTPUT_DIR");
        RunOptions code;
        code.output_dir = "from-code";
        code.max_capsules = 1;
        code.test_timeout_s = 4;
        std::vector<ConfigWarning> warnings;
        RunOptions o = resolve_options(code, warnings);
        failures += o.output_dir != "from-file";
        failures += o.max_capsules != 9;
        failures += !o.every_failure;
        failures += o.test_timeout_s != 4;  // only code set it
        failures += !warnings.empty();
        // CAPSULE_CONFIG names another file, which then must exist.
        ::setenv("CAPSULE_CONFIG", "missing.yaml", 1);
        warnings.clear();
        o = resolve_options(code, warnings);
        failures += o.output_dir != "from-code";
        failures += warnings.size() != 1;
        ::_exit(failures);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "number of wrong results in the child";
}

}  // namespace
}  // namespace capsule

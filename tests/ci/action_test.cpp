// ci/github/action.yml and the sample workflow: parsed, their steps checked
// for what they run, and the action's own scripts run in bash the way the
// runner would (inputs substituted) against the built capsule command.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <regex>

#include "ci_support.hpp"
#include "junit_fixtures.hpp"

namespace capsule::citest {
namespace {

const std::string action_path = std::string(CAPSULE_SOURCE_DIR) + "/ci/github/action.yml";
const std::string workflow_path = std::string(CAPSULE_SOURCE_DIR) + "/samples/github_workflow/capsule-ci.yml";

YAML::Node step_running(const YAML::Node& steps, const std::string& text) {
    for (const YAML::Node& step : steps)
        if (step["run"] && step["run"].as<std::string>().find(text) != std::string::npos) return step;
    return YAML::Node();
}

YAML::Node step_using(const YAML::Node& steps, const std::string& prefix) {
    for (const YAML::Node& step : steps)
        if (step["uses"] && step["uses"].as<std::string>().rfind(prefix, 0) == 0) return step;
    return YAML::Node();
}

// What the runner does with ${{ ... }} in a step's env: the expressions this
// action uses, from a table.
std::string substitute(std::string text, const std::map<std::string, std::string>& values) {
    static const std::regex expression(R"(\$\{\{\s*([^}]*?)\s*\}\})");
    std::smatch m;
    std::string out;
    while (std::regex_search(text, m, expression)) {
        const auto it = values.find(m[1].str());
        if (it == values.end()) throw std::runtime_error("no value for ${{ " + m[1].str() + " }}");
        out += m.prefix().str() + it->second;
        text = m.suffix().str();
    }
    return out + text;
}

Outcome run_step(const YAML::Node& step, const std::map<std::string, std::string>& values,
                 std::vector<std::string> env) {
    EXPECT_EQ(step["shell"].as<std::string>(), "bash");
    for (const auto& kv : step["env"]) env.push_back(kv.first.as<std::string>() + "=" + substitute(kv.second.as<std::string>(), values));
    const std::string bin = std::filesystem::path(CAPSULE_CLI).parent_path().string();
    env.push_back("PATH=" + bin + ":/usr/bin:/bin");
    return run({"bash", "-e", "-c", step["run"].as<std::string>()}, env);
}

TEST(GithubAction, Structure) {
    const YAML::Node action = YAML::LoadFile(action_path);
    EXPECT_EQ(action["runs"]["using"].as<std::string>(), "composite");
    for (const char* input : {"junit", "repo", "out", "base-artifact-name", "artifact-name", "leg", "fail-on-capsules"})
        EXPECT_TRUE(action["inputs"][input]) << input;
    EXPECT_TRUE(action["inputs"]["junit"]["required"].as<bool>());
    const YAML::Node steps = action["runs"]["steps"];
    ASSERT_TRUE(steps.IsSequence());

    const YAML::Node bundle = step_running(steps, "ci bundle");
    ASSERT_TRUE(bundle);
    const std::string script = bundle["run"].as<std::string>();
    for (const char* arg : {"--junit", "--repo", "--out", "--leg", "--fail-on-capsules"})
        EXPECT_NE(script.find(arg), std::string::npos) << arg;

    const YAML::Node upload = step_using(steps, "actions/upload-artifact@v4");
    ASSERT_TRUE(upload);
    EXPECT_NE(upload["with"]["name"].as<std::string>().find("steps.bundle.outputs.artifact"), std::string::npos);
    EXPECT_NE(upload["if"].as<std::string>().find("always()"), std::string::npos);

    const YAML::Node download = step_running(steps, "gh run download");
    ASSERT_TRUE(download);
    EXPECT_NE(download["if"].as<std::string>().find("pull_request"), std::string::npos);
    const YAML::Node diff = step_running(steps, "ci diff --base");
    ASSERT_TRUE(diff);
    EXPECT_NE(diff["if"].as<std::string>().find("pull_request"), std::string::npos);
    for (const char* arg : {"--base", "--head", "--fail-on", "--markdown-out"})
        EXPECT_NE(diff["run"].as<std::string>().find(arg), std::string::npos) << arg;

    // Builds nothing itself, and every script names its shell (composite actions require it).
    for (const YAML::Node& step : steps) {
        if (!step["run"]) continue;
        EXPECT_TRUE(step["shell"]) << step["run"].as<std::string>();
        const std::string run = step["run"].as<std::string>();
        for (const char* build : {"cmake", "make ", "ninja", "ctest"})
            EXPECT_EQ(run.find(build), std::string::npos) << build;
    }
    // The upload comes after the bundle, the diff after the download.
    auto index_of = [&](const YAML::Node& wanted) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (steps[i] == wanted) return i;
        return steps.size();
    };
    EXPECT_LT(index_of(bundle), index_of(upload));
    EXPECT_LT(index_of(download), index_of(diff));
}

TEST(GithubAction, BundleAndDiffScriptsRun) {
    const YAML::Node steps = YAML::LoadFile(action_path)["runs"]["steps"];
    TempDir dir;
    spit(dir / "build/junit.xml", ctest_junit);
    FakeFailure f;
    f.suite = "Bank";
    f.name = "Withdraw";
    f.ctest_name = "Bank.Withdraw";
    f.file = dir / "src/bank.cpp";
    store(f, dir / "build/capsules");
    const std::string output = dir / "github_output";
    spit(output, "");
    std::map<std::string, std::string> values{
        {"inputs.capsule", "capsule"},
        {"inputs.junit", dir / "build/*.xml"},
        {"inputs.repo", dir / "build/capsules"},
        {"inputs.out", dir / "artifacts"},
        {"inputs.leg", "gcc 12"},
        {"inputs.artifact-name", ""},
        {"inputs.fail-on-capsules", "true"},
        {"inputs.fail-on-new", "true"},
        {"runner.temp", dir.path()},
    };
    const std::vector<std::string> env{"GITHUB_OUTPUT=" + output, "GITHUB_JOB=test", "GITHUB_ACTIONS=true",
                                       "GITHUB_WORKSPACE=" + dir.path(), "GITHUB_STEP_SUMMARY=" + (dir / "summary.md")};
    const Outcome bundle = run_step(step_running(steps, "ci bundle"), values, env);
    EXPECT_EQ(bundle.code, 0) << bundle.err;  // 1 from --fail-on-capsules is deferred past the upload
    const std::string out = slurp(output);
    EXPECT_NE(out.find("artifact=capsules-test-gcc_12\n"), std::string::npos) << out;
    EXPECT_NE(out.find("status=1\n"), std::string::npos) << out;
    EXPECT_NE(bundle.out.find("::error file=src/bank.cpp,line=10,"), std::string::npos) << bundle.out;
    EXPECT_TRUE(exists(dir / "artifacts/bundle.json"));

    // A pull request whose base run left no artifact: unknown base, no failure.
    values["steps.base.outputs.dir"] = dir / "no-base";
    const Outcome diff = run_step(step_running(steps, "ci diff --base"), values, env);
    EXPECT_EQ(diff.code, 0) << diff.err;
    EXPECT_NE(slurp(dir / "capsule-diff/diff.md").find("Base unknown"), std::string::npos);
    // Against a base without this failure: new, and the step fails.
    std::filesystem::create_directories(dir / "empty-base");
    spit(dir / "empty-base/index", "");
    values["steps.base.outputs.dir"] = dir / "empty-base";
    const Outcome regress = run_step(step_running(steps, "ci diff --base"), values, env);
    EXPECT_EQ(regress.code, 1) << regress.err;
    EXPECT_NE(slurp(dir / "summary.md").find("New (regressions) (1)"), std::string::npos);

    // A missing report fails the step with the command's exit code 2.
    values["inputs.junit"] = dir / "build/none.xml";
    const Outcome missing = run_step(step_running(steps, "ci bundle"), values, env);
    EXPECT_EQ(missing.code, 2) << missing.err;
}

TEST(GithubAction, SampleWorkflowRunsTheLoop) {
    const YAML::Node workflow = YAML::LoadFile(workflow_path);
    EXPECT_TRUE(workflow["on"]["pull_request"]);
    EXPECT_TRUE(workflow["on"]["push"]);
    const YAML::Node job = workflow["jobs"]["test"];
    ASSERT_TRUE(job);
    EXPECT_TRUE(job["strategy"]["matrix"]);
    const YAML::Node steps = job["steps"];
    EXPECT_TRUE(step_running(steps, "capsule_discover_tests") || step_running(steps, "cmake -S"));
    const YAML::Node test = step_running(steps, "--output-junit");
    ASSERT_TRUE(test);
    EXPECT_NE(test["run"].as<std::string>().find("ctest"), std::string::npos);
    YAML::Node action;
    for (const YAML::Node& step : steps)
        if (step["uses"] && step["uses"].as<std::string>().find("ci/github") != std::string::npos) action = step;
    ASSERT_TRUE(action);
    EXPECT_NE(action["if"].as<std::string>().find("always()"), std::string::npos);
    EXPECT_NE(action["with"]["leg"].as<std::string>().find("matrix."), std::string::npos);
    EXPECT_TRUE(step_running(steps, "gh pr comment"));
}

}  // namespace
}  // namespace capsule::citest

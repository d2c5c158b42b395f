// One run of harness/harness.html against pages in a directory.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace capsule::html_test {

// Copies the harness into `dir` with `expected` filled in, loads it in
// chromium (dark or light) and returns its result lines; a browser that could
// not run is a test failure, reported here.
std::vector<std::string> run_harness(const std::string& dir, const nlohmann::json& expected, bool dark);

// Every line a PASS, the run reached DONE, and each check in `required` ran.
void expect_all_passed(const std::vector<std::string>& lines, const std::vector<std::string>& required);

// A screenshot into `png`, checked to be a PNG of that width and not blank.
void take_screenshot(const std::string& page, const std::string& png, int width, int height, bool dark);

// Fails the current test when there is no chromium to run.
bool have_chromium();

}  // namespace capsule::html_test

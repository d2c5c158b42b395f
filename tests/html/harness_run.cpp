#include "harness_run.hpp"

#include <algorithm>
#include <filesystem>

#include "chromium.hpp"
#include "process.hpp"

namespace capsule::html_test {

bool have_chromium() {
    if (!chromium_binary().empty()) return true;
    ADD_FAILURE() << "chromium not found (looked at $CAPSULE_CHROMIUM and \"" << CAPSULE_CHROMIUM
                  << "\"): install it with scripts/install-deps.sh (apt-get install chromium)";
    return false;
}

std::vector<std::string> run_harness(const std::string& dir, const nlohmann::json& expected, bool dark) {
    std::string harness = read_file(std::string(CAPSULE_HTML_HARNESS_DIR) + "/harness.html");
    const std::string slot = "/*EXPECTED*/null";
    const std::size_t at = harness.find(slot);
    if (at == std::string::npos) {
        ADD_FAILURE() << "harness.html has no slot for the expectations";
        return {};
    }
    // The harness is ours, but the expectations quote hostile strings: keep
    // them from closing the script.
    std::string json = expected.dump();
    for (std::size_t i = json.find('<'); i != std::string::npos; i = json.find('<', i)) json.replace(i, 1, "\\u003c");
    harness.replace(at, slot.size(), json);
    const std::string path = dir + (dark ? "/harness-dark.html" : "/harness.html");
    write_file(path, harness);

    const ProcessResult run = chromium_dump_dom(path, dark);
    write_file(path + ".dom.txt", run.out);
    if (run.timed_out || run.exit_code != 0) {
        ADD_FAILURE() << "chromium --dump-dom " << path << ": " << run.describe();
        return {};
    }
    const std::vector<std::string> lines = harness_lines(run.out);
    if (lines.empty()) ADD_FAILURE() << "no harness results in the DOM of " << path << ":\n" << run.out.substr(0, 2000);
    return lines;
}

void expect_all_passed(const std::vector<std::string>& lines, const std::vector<std::string>& required) {
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back(), "DONE") << "the harness did not finish";
    for (const std::string& line : lines) EXPECT_TRUE(line == "DONE" || line.rfind("PASS ", 0) == 0) << line;
    for (const std::string& name : required)
        EXPECT_NE(std::find(lines.begin(), lines.end(), "PASS " + name), lines.end()) << "did not pass: " << name;
}

void take_screenshot(const std::string& page, const std::string& png, int width, int height, bool dark) {
    std::error_code ignored;
    std::filesystem::remove(png, ignored);
    const ProcessResult run = chromium_screenshot(page, png, width, height, dark);
    ASSERT_FALSE(run.timed_out) << run.describe();
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto [w, h] = png_size(png);
    EXPECT_EQ(w, width) << png;
    EXPECT_EQ(h, height) << png;
    // A blank page compresses to a few kilobytes; text, boxes and drawings do not.
    EXPECT_GT(std::filesystem::file_size(png, ignored), 20000u) << png << " looks blank";
}

}  // namespace capsule::html_test

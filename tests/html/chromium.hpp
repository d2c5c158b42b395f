// Debian's chromium, headless, driven from the command line (no npm, no
// driver): --dump-dom for the harness results and --screenshot for pictures.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace capsule::html_test {

// $CAPSULE_CHROMIUM, else the one CMake found. Empty when there is none that
// can be run; the browser tests then fail and say how to install it.
std::string chromium_binary();

// The DOM of `file` after its scripts ran (up to 5 s of virtual time).
ProcessResult chromium_dump_dom(const std::string& file, bool dark);

// A PNG of `file` at the given window size.
ProcessResult chromium_screenshot(const std::string& file, const std::string& png, int width, int height, bool dark);

// The harness's lines ("PASS name", "FAIL name: why", "DONE") from a dumped DOM.
std::vector<std::string> harness_lines(const std::string& dom);

// The width and height a PNG file declares; {0, 0} when it is not a PNG.
std::pair<int, int> png_size(const std::string& path);

}  // namespace capsule::html_test

#include "chromium.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace capsule::html_test {
namespace {

// A slow start on a loaded machine is not a failure; a hang is.
constexpr std::chrono::seconds browser_timeout{240};

std::vector<std::string> base_arguments(const TempDir& profile, bool dark) {
    std::vector<std::string> args{chromium_binary(),
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-quic",
                                  "--no-first-run",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--hide-scrollbars",
                                  "--user-data-dir=" + profile.path(),
                                  "--allow-file-access-from-files"};
    if (dark) args.push_back("--force-dark-mode");
    return args;
}

std::string decode_entities(std::string text) {
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (const auto& [entity, plain] : entities)
        for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
            text.replace(at, std::string(entity).size(), plain);
    return text;
}

}  // namespace

std::string chromium_binary() {
    const char* chosen = std::getenv("CAPSULE_CHROMIUM");
    std::string path = chosen && *chosen ? chosen : CAPSULE_CHROMIUM;
    if (path.empty() || path.find("NOTFOUND") != std::string::npos || ::access(path.c_str(), X_OK) != 0) return "";
    return path;
}

ProcessResult chromium_dump_dom(const std::string& file, bool dark) {
    TempDir profile("capsule-html-profile");
    std::vector<std::string> args = base_arguments(profile, dark);
    args.push_back("--virtual-time-budget=5000");
    args.push_back("--dump-dom");
    args.push_back("file://" + file);
    return run_process(args, {}, browser_timeout);
}

ProcessResult chromium_screenshot(const std::string& file, const std::string& png, int width, int height, bool dark) {
    TempDir profile("capsule-html-profile");
    std::vector<std::string> args = base_arguments(profile, dark);
    args.push_back("--virtual-time-budget=5000");
    args.push_back("--screenshot=" + png);
    args.push_back("--window-size=" + std::to_string(width) + "," + std::to_string(height));
    args.push_back("file://" + file);
    return run_process(args, {}, browser_timeout);
}

std::vector<std::string> harness_lines(const std::string& dom) {
    const std::string open = "<pre id=\"results\">";
    const std::size_t start = dom.find(open);
    if (start == std::string::npos) return {};
    const std::size_t end = dom.find("</pre>", start);
    std::istringstream text(decode_entities(dom.substr(start + open.size(), end - start - open.size())));
    std::vector<std::string> lines;
    for (std::string line; std::getline(text, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

std::pair<int, int> png_size(const std::string& path) {
    const std::string data = read_file(path);
    // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    if (data.size() < 24 || data.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || data.compare(12, 4, "IHDR") != 0)
        return {0, 0};
    auto be32 = [&](std::size_t at) {
        int value = 0;
        for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data[at + i]);
        return value;
    };
    return {be32(16), be32(20)};
}

}  // namespace capsule::html_test

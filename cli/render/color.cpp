#include "render/color.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "errors.hpp"

namespace capsule::cli {

ColorMode parse_color_mode(const std::string& text) {
    if (text == "auto") return ColorMode::automatic;
    if (text == "always") return ColorMode::always;
    if (text == "never") return ColorMode::never;
    throw UsageError("--color must be auto, always or never, not \"" + text + "\"");
}

bool use_color(ColorMode mode, int fd) {
    if (mode != ColorMode::automatic) return mode == ColorMode::always;
    if (std::getenv("NO_COLOR") != nullptr) return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
    return ::isatty(fd) == 1;
}

std::string Palette::paint(Style style, std::string_view text) const {
    if (!enabled_ || text.empty()) return std::string(text);
    const char* code = "";
    switch (style) {
        case Style::bold: code = "\033[1m"; break;
        case Style::dim: code = "\033[2m"; break;
        case Style::red: code = "\033[31m"; break;
        case Style::green: code = "\033[32m"; break;
        case Style::yellow: code = "\033[33m"; break;
        case Style::cyan: code = "\033[36m"; break;
        case Style::magenta: code = "\033[35m"; break;
    }
    std::string out = code;
    out += text;
    out += "\033[0m";
    return out;
}

}  // namespace capsule::cli

// Colour for a person at a terminal, and for nobody else: off when stdout is
// not a terminal, when NO_COLOR is set (https://no-color.org), or TERM=dumb.
#pragma once

#include <string>
#include <string_view>

namespace capsule::cli {

enum class ColorMode { automatic, always, never };

// Throws UsageError for anything but auto, always and never.
ColorMode parse_color_mode(const std::string& text);

// Whether output to `fd` gets colour under `mode`.
bool use_color(ColorMode mode, int fd);

enum class Style { bold, dim, red, green, yellow, cyan, magenta };

class Palette {
public:
    explicit Palette(bool enabled) : enabled_(enabled) {}
    bool enabled() const { return enabled_; }
    // `text` wrapped in the style's escape sequence, or `text` unchanged.
    std::string paint(Style style, std::string_view text) const;

private:
    bool enabled_;
};

}  // namespace capsule::cli

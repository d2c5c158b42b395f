#include "html/bar_chart.hpp"

#include <algorithm>

#include "html/escape.hpp"
#include "html/labels.hpp"

namespace capsule::cli::html {
namespace {

// Narrow, so that it scales down little on a phone.
constexpr int width = 420;
constexpr int title_height = 26;
constexpr int row_height = 26;
constexpr int bar_height = 18;
constexpr int label_width = 172;
constexpr int count_width = 36;
// 13px monospace, about 7.8 pixels a character, within label_width.
constexpr std::size_t label_chars = 21;

}  // namespace

std::string render_bar_chart(const std::string& title, const std::vector<Bar>& bars, const std::string& bar_class) {
    if (bars.empty()) return "";
    std::size_t most = 1;
    for (const Bar& bar : bars) most = std::max(most, bar.count);
    const int height = title_height + static_cast<int>(bars.size()) * row_height + 6;
    const int room = width - label_width - count_width;

    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-label=\"" + text(title) + "\">\n";
    out += "<text class=\"chart-title\" x=\"0\" y=\"16\" font-weight=\"600\">" + text(title) + "</text>\n";
    int y = title_height;
    for (const Bar& bar : bars) {
        // At least a sliver, so a count of one is still a visible bar.
        const int length = std::max(3, static_cast<int>(static_cast<double>(bar.count) / most * room));
        out += "<g class=\"chart-row\" data-count=\"" + std::to_string(bar.count) + "\">";
        if (!bar.href.empty()) out += "<a href=\"" + escape_markup(bar.href) + "\">";
        out += "<title>" + text(bar.tooltip.empty() ? bar.label : bar.tooltip) + ": " + std::to_string(bar.count) +
               "</title>";
        out += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\">" + text(clip(bar.label, label_chars)) + "</text>";
        out += "<rect class=\"" + escape_markup(bar_class) + "\" x=\"" + std::to_string(label_width) + "\" y=\"" +
               std::to_string(y + (row_height - bar_height) / 2 - 2) + "\" width=\"" + std::to_string(length) +
               "\" height=\"" + std::to_string(bar_height) + "\" rx=\"3\"/>";
        out += "<text class=\"count\" x=\"" + std::to_string(label_width + length + 6) + "\" y=\"" +
               std::to_string(y + 14) + "\">" + std::to_string(bar.count) + "</text>";
        if (!bar.href.empty()) out += "</a>";
        out += "</g>\n";
        y += row_height;
    }
    out += "</svg>\n";
    return out;
}

}  // namespace capsule::cli::html

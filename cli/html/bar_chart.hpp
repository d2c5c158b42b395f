// A horizontal bar chart as inline SVG: one labelled bar per row, its length
// proportional to the count, each bar a link.
#pragma once

#include <string>
#include <vector>

namespace capsule::cli::html {

struct Bar {
    std::string label;    // unescaped
    std::string tooltip;  // unescaped; the label when empty
    std::string href;     // an anchor of our own ("#group-2"), or empty
    std::size_t count = 0;
};

// `bar_class` styles the bars ("bar", "bar-kind"). Empty for no bars.
std::string render_bar_chart(const std::string& title, const std::vector<Bar>& bars, const std::string& bar_class);

}  // namespace capsule::cli::html

#include "html/source.hpp"

#include "html/escape.hpp"

namespace capsule::cli::html {

void render_source(std::string& out, const std::vector<SourceLine>& lines, int here) {
    if (lines.empty()) return;
    out += "<div class=\"source\"><pre>";
    for (const SourceLine& line : lines) {
        const bool is_here = line.line == here;
        // No newline between lines: each is a block, and a newline would add
        // an empty line to what a reader copies.
        out += is_here ? "<span class=\"line here\">" : "<span class=\"line\">";
        out += "<span class=\"ln\">" + std::to_string(line.line) + "</span>";
        out += text(line.text, true);
        out += "</span>";
    }
    out += "</pre></div>\n";
}

}  // namespace capsule::cli::html

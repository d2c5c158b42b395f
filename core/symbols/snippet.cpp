// Source snippets through backward-cpp's SnippetFactory, which caches files
// it has read: a capture touches the same few files again and again.
#include <backward.hpp>

#include <unistd.h>

#include <algorithm>
#include <limits>

#include "symbols/symbols.hpp"

namespace capsule::symbols {

namespace {
// A snippet is a few lines around the failing one. The context comes from
// user configuration and the line from DWARF: both bounded, so that the line
// arithmetic below cannot overflow and a capsule never carries whole files.
constexpr int max_context = 100;
}  // namespace

std::vector<SourceLine> read_snippet(const std::string& file, int line, int context) {
    std::vector<SourceLine> out;
    context = std::min(context, max_context);
    if (file.empty() || line <= 0 || line > std::numeric_limits<int>::max() - max_context - 1 ||
        context < 0 || access(file.c_str(), R_OK) != 0)
        return out;
    static backward::SnippetFactory factory;
    // backward computes the first line as line - context unsigned: keep it from wrapping.
    unsigned centre = static_cast<unsigned>(std::max(line, context + 1));
    for (auto& [number, text] :
         factory.get_snippet(file, centre, static_cast<unsigned>(2 * context + 1))) {
        if (static_cast<int>(number) < line - context || static_cast<int>(number) > line + context)
            continue;
        // Bound each line: a minified or generated source must not bloat the capsule.
        if (text.size() > 400) text.resize(400);
        out.push_back(SourceLine{static_cast<int>(number), std::move(text)});
    }
    return out;
}

}  // namespace capsule::symbols

#include "html/escape.hpp"

#include <cstdio>

#include "render/printable.hpp"

namespace capsule::cli::html {

std::string escape_markup(std::string_view plain) {
    std::string out;
    out.reserve(plain.size() + plain.size() / 8);
    for (char c : plain) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string text(std::string_view raw, bool keep_tabs) { return escape_markup(printable(raw, keep_tabs)); }

std::string multiline_text(std::string_view raw) {
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t end = raw.find('\n', start);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view line = raw.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (start > 0) out += '\n';
        out += text(line, true);
        start = end + 1;
    }
    return out;
}

std::string script_json(std::string_view json) {
    std::string out;
    out.reserve(json.size() + json.size() / 16);
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '<') {
            out += "\\u003c";
        } else if (c == '>') {
            out += "\\u003e";
        } else if (c == '&') {
            out += "\\u0026";
        } else if (c == '\xe2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
                   (json[i + 2] == '\xa8' || json[i + 2] == '\xa9')) {
            out += json[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string relative_href(std::string_view link) {
    // Leading slashes would make it absolute ("/etc") or name a host ("//evil").
    std::size_t start = 0;
    while (start < link.size() && (link[start] == '/' || link[start] == '\\')) ++start;
    std::string out = start > 0 ? "./" : "";
    for (std::size_t i = start; i < link.size(); ++i) {
        const auto c = static_cast<unsigned char>(link[i]);
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out += static_cast<char>(c);
        } else {
            // ':' too: "javascript:x" becomes the file name "javascript%3Ax".
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        }
    }
    return out;
}

}  // namespace capsule::cli::html

#include "render/printable.hpp"

#include <cstdio>

namespace capsule::cli {
namespace {

void append_escape(std::string& out, const char* format, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format, value);
    out += buffer;
}

// Length of the UTF-8 sequence starting with `lead`, or 0 for a stray byte.
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 0;
}

bool bidi_control(unsigned code) {
    return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069) || code == 0x200E ||
           code == 0x200F || code == 0x061C;
}

}  // namespace

std::string printable(std::string_view text, bool keep_tabs) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x20 || lead == 0x7f) {
            if (lead == '\t' && keep_tabs) out += '\t';
            else if (lead == '\n') out += "\\n";
            else if (lead == '\r') out += "\\r";
            else if (lead == '\t') out += "\\t";
            else append_escape(out, "\\x%02x", lead);
            ++i;
            continue;
        }
        std::size_t length = sequence_length(lead);
        bool complete = length != 0 && i + length <= text.size();
        unsigned code = length == 1 ? lead : (lead & (0x7F >> length));
        for (std::size_t k = 1; complete && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) complete = false;
            code = (code << 6) | (next & 0x3F);
        }
        if (!complete) {
            // Not UTF-8 here: shown as the byte it is.
            append_escape(out, "\\x%02x", lead);
            ++i;
            continue;
        }
        if ((code >= 0x80 && code <= 0x9F) || bidi_control(code)) {
            append_escape(out, "\\u%04x", code);
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

}  // namespace capsule::cli

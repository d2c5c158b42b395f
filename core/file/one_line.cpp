#include "file/one_line.hpp"

namespace capsule::file {
namespace {
constexpr std::size_t max_message_bytes = 6000;
}

std::string excerpt(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    std::size_t cut = max;
    // Back up to the start of a UTF-8 sequence so the cut stays valid text.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...";
}

std::string one_line(std::string text) {
    for (char& c : text) {
        const auto byte = static_cast<unsigned char>(c);
        // Control characters (newlines, ESC of terminal sequences) become spaces.
        if (byte < 0x20 || byte == 0x7f) c = ' ';
    }
    return excerpt(text, max_message_bytes);
}

}  // namespace capsule::file

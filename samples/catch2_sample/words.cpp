#include "words.hpp"

namespace words {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == separator) {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

int average_length(const std::vector<std::string>& words) {
    int total = 0;
    int count = 0;
    for (const std::string& w : words) {
        total += static_cast<int>(w.size());
        ++count;
    }
    return total / count;  // SIGFPE when there are no words
}

}  // namespace words

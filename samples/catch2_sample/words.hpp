// Word statistics of a text.
#pragma once

#include <string>
#include <vector>

namespace words {

std::vector<std::string> split(const std::string& text, char separator);
// Average length of the words; the caller promises at least one word.
int average_length(const std::vector<std::string>& words);

}  // namespace words

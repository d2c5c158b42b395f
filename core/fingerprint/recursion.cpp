#include "fingerprint/recursion.hpp"

namespace capsule::fingerprint {
namespace {

// How often names[at, at + length) repeats back to back from `at`.
std::size_t repeats(const std::vector<std::string>& names, std::size_t at, std::size_t length) {
    std::size_t count = 1;
    while (at + (count + 1) * length <= names.size()) {
        for (std::size_t k = 0; k < length; ++k)
            if (names[at + count * length + k] != names[at + k]) return count;
        ++count;
    }
    return count;
}

}  // namespace

std::vector<std::string> fold_recursion(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < names.size();) {
        std::size_t consumed = 1;
        std::size_t keep = 1;
        for (std::size_t length = 1; length <= max_cycle_length && at + length <= names.size();
             ++length) {
            std::size_t count = repeats(names, at, length);
            if (count >= min_cycle_repeats) {
                consumed = count * length;
                keep = length;
                break;
            }
        }
        out.insert(out.end(), names.begin() + static_cast<std::ptrdiff_t>(at),
                   names.begin() + static_cast<std::ptrdiff_t>(at + keep));
        at += consumed;
    }
    return out;
}

}  // namespace capsule::fingerprint

#include "repo/value_paths.hpp"

#include <cctype>

namespace capsule::cli {
namespace {

bool hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

std::string child_path(const std::string& parent, const Variable& child) {
    if (!child.name.empty() && child.name.front() == '[') return parent + child.name;
    // A pointee ("*p", "*get()") is the object the parent points to.
    if (!child.name.empty() && child.name.front() == '*') return "(*" + parent + ")";
    return parent + "." + child.name;
}

void flatten(const Variable& root, const std::string& root_path, std::vector<PathedValue>& out) {
    out.push_back({root_path, &root});
    for (const Variable& child : root.children) flatten(child, child_path(root_path, child), out);
}

std::string without_addresses(const std::string& value) {
    std::string out;
    char quote = 0;
    for (std::size_t i = 0; i < value.size();) {
        const char c = value[i];
        if (quote) {
            out += c;
            if (c == '\\' && i + 1 < value.size()) out += value[++i];
            else if (c == quote) quote = 0;
            ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            out += c;
            ++i;
            continue;
        }
        const bool token_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(value[i - 1])) ||
                                             value[i - 1] == '_' || value[i - 1] == '.');
        if (token_start && c == '0' && i + 2 < value.size() && (value[i + 1] == 'x' || value[i + 1] == 'X') &&
            hex_digit(value[i + 2])) {
            std::size_t end = i + 2;
            bool zero = true;
            for (; end < value.size() && hex_digit(value[end]); ++end)
                if (value[end] != '0') zero = false;
            out += zero ? "0x0" : "0x...";
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace capsule::cli

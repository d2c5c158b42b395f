#include "mask/command_line.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "mask/mask.hpp"
#include "mask/secret_text.hpp"

namespace capsule::mask {
namespace {

// An option or setting name, as opposed to a path or free text: a path such
// as /srv/auth=1/x must not be taken for a setting.
bool is_option_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
    });
}

}  // namespace

void mask_command_line(std::vector<std::string>& arguments, const MaskRules& rules) {
    bool mask_next = false;
    for (std::string& arg : arguments) {
        if (mask_next) {
            mask_next = false;
            // "--token --verbose": the flag had no value after all.
            if (arg.rfind("--", 0) != 0) {
                arg = std::string(masked_text);
                continue;
            }
        }
        std::string_view view = arg;
        std::size_t dashes = std::min<std::size_t>(view.find_first_not_of('-'), 2);
        dashes = std::min(dashes, view.size());
        std::string_view body = view.substr(dashes);
        std::size_t eq = body.find('=');
        if (eq != std::string_view::npos) {
            std::string_view name = body.substr(0, eq);
            if (is_option_name(name) && name_is_secret(name, rules)) {
                arg = arg.substr(0, dashes + eq + 1) + std::string(masked_text);
                continue;
            }
        } else if (dashes > 0 && is_option_name(body) && name_is_secret(body, rules)) {
            mask_next = true;
            continue;
        }
        if (rules.detect_secret_values) arg = mask_secrets(arg);
    }
}

}  // namespace capsule::mask

#include "mask/mask.hpp"

#include <algorithm>
#include <cctype>

#include "mask/command_line.hpp"
#include "mask/secret_text.hpp"
#include "mask/source_line.hpp"
#include "mask/value_tree.hpp"

namespace capsule::mask {
namespace {

bool contains_ignoring_case(std::string_view text, std::string_view pattern) {
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    auto it = std::search(text.begin(), text.end(), pattern.begin(), pattern.end(),
                          [&](char a, char b) { return lower(a) == lower(b); });
    return it != text.end();
}

std::vector<std::string> describe(const MaskRules& rules) {
    std::vector<std::string> out;
    for (const std::string& pattern : rules.name_patterns)
        if (!pattern.empty()) out.push_back("name contains \"" + pattern + "\" (any case)");
    if (rules.detect_secret_values) {
        out.push_back("value looks like a JWT");
        out.push_back("value looks like an AWS access key id (AKIA/ASIA)");
        out.push_back("value looks like a Bearer token");
        out.push_back("value looks like a PEM private key");
    }
    return out;
}

void mask_text(std::string& text, const MaskRules& rules) {
    if (rules.detect_secret_values) text = mask_secrets(text);
}

}  // namespace

bool name_is_secret(std::string_view name, const MaskRules& rules) {
    return std::any_of(rules.name_patterns.begin(), rules.name_patterns.end(),
                       [&](const std::string& pattern) {
                           return !pattern.empty() && contains_ignoring_case(name, pattern);
                       });
}

bool value_looks_secret(std::string_view value) {
    if (!find_secrets(value).empty()) return true;
    std::string unquoted = unquote_gdb(value);
    return !unquoted.empty() && !find_secrets(unquoted).empty();
}

void apply(Report& report, const MaskRules& rules) {
    if (!rules.enabled) return;
    report.masking_rules = describe(rules);

    for (Thread& thread : report.threads) {
        for (Frame& frame : thread.frames) {
            mask_variables(frame.vars, rules);
            // A key pasted into the code under test shows up in the snippet,
            // and so does the literal a secret-named variable is given.
            for (SourceLine& line : frame.snippet) mask_source_line(line.text, rules);
        }
    }
    for (auto& [name, value] : report.environment) {
        if (name_is_secret(name, rules) ||
            (rules.detect_secret_values && value_looks_secret(value)))
            value = std::string(masked_text);
    }
    mask_command_line(report.command_line, rules);

    mask_text(report.message, rules);
    mask_text(report.exception.what, rules);
    mask_text(report.assertion.expression, rules);
    mask_text(report.test.parameters, rules);
    for (auto& [name, value] : report.extra) mask_text(value, rules);
    for (std::string& note : report.capture.notes) mask_text(note, rules);
}

}  // namespace capsule::mask

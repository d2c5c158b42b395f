#include "html/page.hpp"

#include <cstdio>
#include <random>

#include "html/escape.hpp"

namespace capsule::cli::html {
namespace {

// A fresh nonce per page: escaping is the defence, and the policy is the
// second one. Markup that slipped through escaping cannot guess it, so it can
// neither run a script nor an inline event handler, nor load anything.
std::string nonce() {
    std::random_device random;
    std::string out;
    for (int i = 0; i < 4; ++i) {
        char buffer[9];
        std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(random()));
        out += buffer;
    }
    return out;
}

}  // namespace

std::string page(const PageParts& parts) {
    const std::string n = nonce();
    std::string out;
    out.reserve(parts.body.size() + parts.data_json.size() + 32768);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'nonce-" + n +
           "'; script-src 'nonce-" + n + "'; img-src data:; base-uri 'none'; form-action 'none'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"color-scheme\" content=\"light dark\">\n";
    out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
    out += "<title>" + text(parts.title) + "</title>\n";
    out += "<style nonce=\"" + n + "\">\n";
    out += stylesheet();
    out += "</style>\n</head>\n<body>\n";
    out += parts.body;
    if (!parts.data_json.empty())
        out += "<script type=\"application/json\" id=\"capsule-data\">" + script_json(parts.data_json) + "</script>\n";
    if (!parts.script.empty()) {
        out += "<script nonce=\"" + n + "\">\n";
        out += parts.script;
        out += "</script>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace capsule::cli::html

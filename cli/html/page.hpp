// The skeleton every page shares: doctype, the policy that keeps the page
// offline and inert, the stylesheet, and the scripts.
#pragma once

#include <string>
#include <string_view>

namespace capsule::cli::html {

struct PageParts {
    std::string title;        // plain text; escaped here
    std::string body;         // markup, already escaped by whoever made it
    std::string data_json;    // a JSON document for the script, or empty; escaped here
    std::string_view script;  // our own JavaScript, or empty
};

std::string page(const PageParts& parts);

// Ours, compiled in: the styles of both pages and the report's behaviour.
std::string_view stylesheet();
std::string_view report_script();

}  // namespace capsule::cli::html

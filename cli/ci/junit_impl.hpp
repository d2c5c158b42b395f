// The document behind JunitDocument, shared by the reader and the writer.
#pragma once

#include <tinyxml2.h>

#include <vector>

#include "ci/junit.hpp"

namespace capsule::cli::ci {

struct JunitDocument::Impl {
    // Whitespace kept: <system-out> and failure texts are read by people.
    tinyxml2::XMLDocument doc{true, tinyxml2::PRESERVE_WHITESPACE};
    std::vector<JunitCase> cases;
    std::vector<tinyxml2::XMLElement*> elements;  // the <testcase> of each case
};

}  // namespace capsule::cli::ci

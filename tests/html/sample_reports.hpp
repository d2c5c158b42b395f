// Reports built by hand for the renderer tests: every value status, several
// threads, and hostile text in every field a capsule can carry.
#pragma once

#include <string>

#include "capsule/report.hpp"

namespace capsule::html_test {

// Markup that must stay text wherever it appears. The event handler sets a
// flag on the top window, so a browser test can tell whether it ever ran.
inline const std::string injection = "</script><img src=x onerror=top.capsuleInjected=1>";
inline const std::string issue_injection = "</script><img src=x onerror=alert(1)>";
// Line and paragraph separators: legal in JSON strings, not in older JavaScript.
inline const std::string separators =
    "a\xe2\x80\xa8"
    "b\xe2\x80\xa9"
    "c";

Variable var(std::string name, std::string type, std::string value, ValueStatus status = ValueStatus::ok);

// One failing thread (assertion in a user frame below std and framework
// frames) and a second, idle thread; a value of each status; `injection` in
// the message, exception, names, values, types, environment, notes, extras.
Report hostile_report();

// A minimal report of the given kind and fingerprint, for the index page.
Report small_report(const std::string& kind, const std::string& fingerprint, const std::string& test,
                    const std::string& time);

}  // namespace capsule::html_test

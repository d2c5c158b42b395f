// The failure fingerprint: the same bug gives the same 64 hex digits on any
// machine, build or run; a different bug a different one.
#pragma once

#include <string>
#include <string_view>

#include "capsule/report.hpp"

namespace capsule::fingerprint {

inline constexpr int algorithm_version = 1;

// A demangled name in a form that stays put between builds: parameter types
// kept (overloads differ), return types, addresses, lambda counters
// ({lambda(int)#2} -> {lambda(int)}), clone suffixes (.constprop.0, .isra.0,
// .cold, .part.1, [clone ...]) and [abi:...] tags dropped, "(anonymous
// namespace)" kept as one token, whitespace reduced to what separates words.
std::string normalize_function(std::string_view demangled);

// SHA-256 over the algorithm version, kind, signal name, exception type, the
// top three user frames of the failing thread by normalized name (inlined
// frames count; recursion cycles of length 1..10 repeated at least three times
// folded to one cycle first), and for an assertion its expression as written,
// whitespace-normalized. No line numbers, addresses or paths. Frames without a
// category are classified with the built-in rules. Without a user frame, the
// top three frames that are not capsule's own. Fills report.fingerprint (64
// lowercase hex digits), fingerprint_version and fingerprint_frames.
void compute(Report& report);

// The first 12 hex digits: enough to tell failures apart in a list.
std::string short_form(std::string_view fingerprint);

}  // namespace capsule::fingerprint

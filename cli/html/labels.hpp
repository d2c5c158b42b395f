// Short texts for small spaces: names in drawings, where a full demangled
// name (parameters, template arguments) would not fit, table cells, titles.
// Where a text is cut, the whole goes alongside as a tooltip.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "capsule/report.hpp"

namespace capsule::cli::html {

// "Suite.Name" as the framework names it; empty when the report has no test.
std::string test_title(const TestIdentity& test);

// "ns::Widget<std::vector<int>>::run(int) const" -> "ns::Widget<…>::run".
// Unescaped; at most `max_chars` characters (UTF-8 aware), cut at the front
// with "…" because the innermost name is at the end.
std::string function_label(std::string_view function, std::size_t max_chars);

// The same cut for any text, at the end ("long message…").
std::string clip(std::string_view text, std::size_t max_chars);

// A multi-line message as one line: each run of whitespace becomes a space.
std::string one_line(std::string_view text);

// The last path component.
std::string_view base_name(std::string_view path);

}  // namespace capsule::cli::html

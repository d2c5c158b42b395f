// The one table of run options: its YAML key, its environment variable and
// how its text is read. YAML, environment and to_yaml all walk this table, so
// a new option is added in exactly one place.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "capsule/config.hpp"

namespace capsule::config {

enum class FieldType { boolean, integer, number, text, list };

struct Field {
    const char* key;  // dotted YAML path, e.g. "bounds.max_depth"
    const char* env;  // CAPSULE_MAX_DEPTH
    FieldType type;
    // Reads `values` (one element unless type is list) into options; false
    // with `error` set when a value does not parse.
    std::function<bool(const std::vector<std::string>& values, RunOptions& options,
                       std::string& error)>
        set;
    // The current value, rendered as the elements set() reads back.
    std::function<std::vector<std::string>(const RunOptions& options)> get;
};

const std::vector<Field>& fields();
const Field* find_field_by_key(const std::string& key);
const Field* find_field_by_env(const std::string& name);

// Text conversions shared by the YAML and environment readers.
bool parse_bool(const std::string& text, bool& out);
bool parse_int(const std::string& text, int& out);
bool parse_number(const std::string& text, double& out);
// "a, b ,c" -> {"a","b","c"}; empty elements dropped.
std::vector<std::string> split_list(const std::string& text);

// "+app:function:PATTERN" | "-app:file:PATTERN" | "+app:module:PATTERN".
bool parse_frame_rule(const std::string& text, FrameRule& out, std::string& error);
std::string format_frame_rule(const FrameRule& rule);

}  // namespace capsule::config

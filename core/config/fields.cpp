#include "config/fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace capsule::config {

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trim(const std::string& text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return text.substr(begin, end - begin);
}

// Accessors return a reference into the options so one lambda serves both
// reading and writing; get() only reads through it.
template <typename T>
using Access = T& (*)(RunOptions&);

template <typename T>
T& read_only(Access<T> access, const RunOptions& options) {
    return access(const_cast<RunOptions&>(options));
}

bool single(const std::vector<std::string>& values, std::string& error) {
    if (values.size() == 1) return true;
    error = "expected a single value";
    return false;
}

Field boolean(const char* key, const char* env, Access<bool> access) {
    return {key, env, FieldType::boolean,
            [access](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                if (!single(v, error)) return false;
                bool value = false;
                if (!parse_bool(v[0], value)) {
                    error = "expected true or false, got '" + v[0] + "'";
                    return false;
                }
                access(o) = value;
                return true;
            },
            [access](const RunOptions& o) {
                return std::vector<std::string>{read_only(access, o) ? "true" : "false"};
            }};
}

Field integer(const char* key, const char* env, Access<int> access, int min_value) {
    return {key, env, FieldType::integer,
            [access, min_value](const std::vector<std::string>& v, RunOptions& o,
                                std::string& error) {
                if (!single(v, error)) return false;
                int value = 0;
                if (!parse_int(v[0], value) || value < min_value) {
                    error = "expected an integer >= " + std::to_string(min_value) + ", got '" +
                            v[0] + "'";
                    return false;
                }
                access(o) = value;
                return true;
            },
            [access](const RunOptions& o) {
                return std::vector<std::string>{std::to_string(read_only(access, o))};
            }};
}

Field size(const char* key, const char* env, Access<std::size_t> access) {
    return {key, env, FieldType::integer,
            [access](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                if (!single(v, error)) return false;
                int value = 0;
                if (!parse_int(v[0], value) || value < 0) {
                    error = "expected an integer >= 0, got '" + v[0] + "'";
                    return false;
                }
                access(o) = static_cast<std::size_t>(value);
                return true;
            },
            [access](const RunOptions& o) {
                return std::vector<std::string>{std::to_string(read_only(access, o))};
            }};
}

Field number(const char* key, const char* env, Access<double> access) {
    return {key, env, FieldType::number,
            [access](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                if (!single(v, error)) return false;
                double value = 0;
                if (!parse_number(v[0], value) || value < 0) {
                    error = "expected a number >= 0, got '" + v[0] + "'";
                    return false;
                }
                access(o) = value;
                return true;
            },
            [access](const RunOptions& o) {
                // %.17g: the text reads back to the same double.
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%.17g", read_only(access, o));
                return std::vector<std::string>{buffer};
            }};
}

Field text(const char* key, const char* env, Access<std::string> access) {
    return {key, env, FieldType::text,
            [access](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                if (!single(v, error)) return false;
                access(o) = v[0];
                return true;
            },
            [access](const RunOptions& o) {
                return std::vector<std::string>{read_only(access, o)};
            }};
}

Field list(const char* key, const char* env, Access<std::vector<std::string>> access) {
    return {key, env, FieldType::list,
            [access](const std::vector<std::string>& v, RunOptions& o, std::string&) {
                access(o) = v;
                return true;
            },
            [access](const RunOptions& o) { return read_only(access, o); }};
}

Field kinds_field() {
    return {"capture", "CAPSULE_CAPTURE", FieldType::list,
            [](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                bool assertion = false, crash = false, exception = false, timeout = false;
                for (const std::string& raw : v) {
                    const std::string kind = lower(trim(raw));
                    if (kind == "assertion") assertion = true;
                    else if (kind == "crash") crash = true;
                    else if (kind == "exception") exception = true;
                    else if (kind == "timeout") timeout = true;
                    else if (kind == "all") assertion = crash = exception = timeout = true;
                    else if (kind == "none") {
                    } else {
                        error = "unknown failure kind '" + raw +
                                "' (assertion, crash, exception, timeout, all, none)";
                        return false;
                    }
                }
                o.capture_assertions = assertion;
                o.capture_crashes = crash;
                o.capture_exceptions = exception;
                o.capture_timeouts = timeout;
                return true;
            },
            [](const RunOptions& o) {
                std::vector<std::string> out;
                if (o.capture_assertions) out.push_back("assertion");
                if (o.capture_crashes) out.push_back("crash");
                if (o.capture_exceptions) out.push_back("exception");
                if (o.capture_timeouts) out.push_back("timeout");
                if (out.empty()) out.push_back("none");
                return out;
            }};
}

Field frame_rules_field() {
    return {"frame_rules", "CAPSULE_FRAME_RULES", FieldType::list,
            [](const std::vector<std::string>& v, RunOptions& o, std::string& error) {
                std::vector<FrameRule> rules;
                for (const std::string& item : v) {
                    FrameRule rule;
                    if (!parse_frame_rule(trim(item), rule, error)) return false;
                    rules.push_back(rule);
                }
                o.capture.frame_rules = rules;
                return true;
            },
            [](const RunOptions& o) {
                std::vector<std::string> out;
                for (const FrameRule& rule : o.capture.frame_rules)
                    out.push_back(format_frame_rule(rule));
                return out;
            }};
}

std::vector<Field> make_fields() {
    std::vector<Field> f;
    f.push_back(boolean("enabled", "CAPSULE_ENABLED", [](RunOptions& o) -> bool& { return o.enabled; }));
    f.push_back(text("output_dir", "CAPSULE_OUTPUT_DIR",
                     [](RunOptions& o) -> std::string& { return o.output_dir; }));
    f.push_back(kinds_field());
    f.push_back(boolean("every_failure", "CAPSULE_EVERY_FAILURE",
                        [](RunOptions& o) -> bool& { return o.every_failure; }));
    f.push_back(integer("max_capsules", "CAPSULE_MAX_CAPSULES",
                        [](RunOptions& o) -> int& { return o.max_capsules; }, 0));
    f.push_back(number("test_timeout", "CAPSULE_TIMEOUT",
                       [](RunOptions& o) -> double& { return o.test_timeout_s; }));
    f.push_back(integer("timeout_exit_code", "CAPSULE_TIMEOUT_EXIT_CODE",
                        [](RunOptions& o) -> int& { return o.timeout_exit_code; }, 1));
    f.push_back(text("helper", "CAPSULE_HELPER",
                     [](RunOptions& o) -> std::string& { return o.helper_path; }));
    f.push_back(boolean("use_helper", "CAPSULE_USE_HELPER",
                        [](RunOptions& o) -> bool& { return o.use_helper; }));
    f.push_back(number("helper_timeout", "CAPSULE_HELPER_TIMEOUT",
                       [](RunOptions& o) -> double& { return o.helper_timeout_s; }));
    f.push_back(integer("throw_captures_per_test", "CAPSULE_THROW_CAPTURES",
                        [](RunOptions& o) -> int& { return o.throw_captures_per_test; }, 0));
    f.push_back(boolean("locals", "CAPSULE_LOCALS",
                        [](RunOptions& o) -> bool& { return o.capture.locals; }));
    f.push_back(boolean("system_lines", "CAPSULE_SYSTEM_LINES",
                        [](RunOptions& o) -> bool& { return o.capture.system_lines; }));
    f.push_back(boolean("stop_at_main", "CAPSULE_STOP_AT_MAIN",
                        [](RunOptions& o) -> bool& { return o.capture.stop_at_main; }));
    f.push_back(integer("snippet_context", "CAPSULE_SNIPPET_CONTEXT",
                        [](RunOptions& o) -> int& { return o.capture.snippet_context; }, 0));
    f.push_back(integer("bounds.max_depth", "CAPSULE_MAX_DEPTH",
                        [](RunOptions& o) -> int& { return o.capture.bounds.max_depth; }, 0));
    f.push_back(integer("bounds.max_items", "CAPSULE_MAX_ITEMS",
                        [](RunOptions& o) -> int& { return o.capture.bounds.max_items; }, 0));
    f.push_back(size("bounds.max_string_bytes", "CAPSULE_MAX_STRING_BYTES",
                     [](RunOptions& o) -> std::size_t& { return o.capture.bounds.max_string_bytes; }));
    f.push_back(integer("bounds.max_values", "CAPSULE_MAX_VALUES",
                        [](RunOptions& o) -> int& { return o.capture.bounds.max_values; }, 0));
    f.push_back(integer("bounds.max_frames", "CAPSULE_MAX_FRAMES",
                        [](RunOptions& o) -> int& { return o.capture.bounds.max_frames; }, 1));
    f.push_back(number("bounds.max_capture_ms", "CAPSULE_MAX_CAPTURE_MS",
                       [](RunOptions& o) -> double& { return o.capture.bounds.max_capture_ms; }));
    f.push_back(integer("bounds.pointer_depth", "CAPSULE_POINTER_DEPTH",
                        [](RunOptions& o) -> int& { return o.capture.bounds.pointer_depth; }, 0));
    f.push_back(boolean("masking.enabled", "CAPSULE_MASKING",
                        [](RunOptions& o) -> bool& { return o.capture.masking.enabled; }));
    f.push_back(list("masking.patterns", "CAPSULE_MASK_PATTERNS",
                     [](RunOptions& o) -> std::vector<std::string>& {
                         return o.capture.masking.name_patterns;
                     }));
    f.push_back(boolean("masking.detect_secret_values", "CAPSULE_MASK_SECRET_VALUES",
                        [](RunOptions& o) -> bool& { return o.capture.masking.detect_secret_values; }));
    f.push_back(integer("retention.max_days", "CAPSULE_RETENTION_MAX_DAYS",
                        [](RunOptions& o) -> int& { return o.retention.max_days; }, 0));
    f.push_back(integer("retention.max_capsules", "CAPSULE_RETENTION_MAX_CAPSULES",
                        [](RunOptions& o) -> int& { return o.retention.max_capsules; }, 0));
    f.push_back(frame_rules_field());
    f.push_back(list("environment_allow", "CAPSULE_ENVIRONMENT_ALLOW",
                     [](RunOptions& o) -> std::vector<std::string>& {
                         return o.capture.environment_allow;
                     }));
    return f;
}

}  // namespace

const std::vector<Field>& fields() {
    static const std::vector<Field> table = make_fields();
    return table;
}

const Field* find_field_by_key(const std::string& key) {
    for (const Field& field : fields())
        if (key == field.key) return &field;
    return nullptr;
}

const Field* find_field_by_env(const std::string& name) {
    for (const Field& field : fields())
        if (name == field.env) return &field;
    return nullptr;
}

bool parse_bool(const std::string& text, bool& out) {
    const std::string t = lower(trim(text));
    if (t == "1" || t == "true" || t == "yes" || t == "on") {
        out = true;
        return true;
    }
    if (t == "0" || t == "false" || t == "no" || t == "off") {
        out = false;
        return true;
    }
    return false;
}

bool parse_int(const std::string& text, int& out) {
    const std::string t = trim(text);
    if (t.empty()) return false;
    const char* end = t.data() + t.size();
    auto [ptr, ec] = std::from_chars(t.data(), end, out);
    return ec == std::errc() && ptr == end;
}

bool parse_number(const std::string& text, double& out) {
    const std::string t = trim(text);
    if (t.empty()) return false;
    const char* end = t.data() + t.size();
    auto [ptr, ec] = std::from_chars(t.data(), end, out);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = trim(text.substr(start, comma - start));
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

bool parse_frame_rule(const std::string& text, FrameRule& out, std::string& error) {
    // sign, then "app:", then the field, then everything after the next ':'
    // is the pattern (globs may contain ':' as in "ns::*").
    if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) {
        error = "frame rule '" + text + "' must start with + or -";
        return false;
    }
    const std::string rest = text.substr(1);
    if (rest.rfind("app:", 0) != 0) {
        error = "frame rule '" + text + "' must look like +app:function:PATTERN";
        return false;
    }
    const std::size_t colon = rest.find(':', 4);
    if (colon == std::string::npos || colon + 1 >= rest.size()) {
        error = "frame rule '" + text + "' has no pattern";
        return false;
    }
    const std::string field = rest.substr(4, colon - 4);
    if (field != "function" && field != "file" && field != "module") {
        error = "frame rule '" + text + "': field must be function, file or module";
        return false;
    }
    out.app = text[0] == '+';
    out.field = field;
    out.pattern = rest.substr(colon + 1);
    return true;
}

std::string format_frame_rule(const FrameRule& rule) {
    return std::string(rule.app ? "+" : "-") + "app:" + rule.field + ":" + rule.pattern;
}

}  // namespace capsule::config

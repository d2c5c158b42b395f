// `.capsule.yaml`: the run options read from YAML through the field table.
#include <yaml-cpp/yaml.h>

#include "capsule/config.hpp"
#include "config/fields.hpp"

namespace capsule {

namespace {

void warn(std::vector<ConfigWarning>& warnings, const std::string& source,
          const std::string& key, const std::string& message) {
    warnings.push_back({source, key.empty() ? message : key + ": " + message});
}

// A field's elements from its node: a scalar, or a sequence of scalars. A
// scalar given for a list is read as comma-separated, as in the environment.
bool node_values(const YAML::Node& node, config::FieldType type, std::vector<std::string>& out,
                 std::string& error) {
    if (node.IsScalar()) {
        if (type == config::FieldType::list) out = config::split_list(node.Scalar());
        else out = {node.Scalar()};
        return true;
    }
    if (node.IsSequence() && type == config::FieldType::list) {
        for (const YAML::Node& item : node) {
            if (!item.IsScalar()) {
                error = "expected a list of plain values";
                return false;
            }
            out.push_back(item.Scalar());
        }
        return true;
    }
    if (node.IsNull()) {
        error = "has no value";
        return false;
    }
    error = type == config::FieldType::list ? "expected a list" : "expected a single value";
    return false;
}

void apply_map(const YAML::Node& map, const std::string& prefix, const std::string& source,
               RunOptions& options, std::vector<ConfigWarning>& warnings) {
    for (const auto& entry : map) {
        if (!entry.first.IsScalar()) {
            warn(warnings, source, prefix, "keys must be plain text");
            continue;
        }
        const std::string key =
            prefix.empty() ? entry.first.Scalar() : prefix + "." + entry.first.Scalar();
        const config::Field* field = config::find_field_by_key(key);
        if (!field) {
            if (entry.second.IsMap()) apply_map(entry.second, key, source, options, warnings);
            else warn(warnings, source, key, "unknown option");
            continue;
        }
        std::vector<std::string> values;
        std::string error;
        if (!node_values(entry.second, field->type, values, error) ||
            !field->set(values, options, error))
            warn(warnings, source, key, error + " (ignored)");
    }
}

}  // namespace

void apply_yaml(const std::string& text, const std::string& source, RunOptions& options,
                std::vector<ConfigWarning>& warnings) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        warn(warnings, source, "", std::string("not valid YAML: ") + e.what() + " (file ignored)");
        return;
    }
    if (root.IsNull()) return;  // an empty file sets nothing
    if (!root.IsMap()) {
        warn(warnings, source, "", "expected a map of options at the top (file ignored)");
        return;
    }
    // Keys are applied one by one: a bad key is reported and skipped, and the
    // file's good keys still apply.
    apply_map(root, "", source, options, warnings);
}

}  // namespace capsule

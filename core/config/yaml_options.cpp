// `.capsule.yaml`: the run options as YAML, read and written through the
// field table.
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

std::string to_yaml(const RunOptions& options) {
    YAML::Node root(YAML::NodeType::Map);
    for (const config::Field& field : config::fields()) {
        const std::vector<std::string> values = field.get(options);
        // Walk the dotted key down to its leaf map.
        std::string key = field.key;
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
            parts.push_back(key.substr(start, dot - start));
        parts.push_back(key.substr(start));

        YAML::Node value;
        if (field.type == config::FieldType::list) {
            value = YAML::Node(YAML::NodeType::Sequence);
            for (const std::string& item : values) value.push_back(item);
        } else {
            value = values.empty() ? std::string() : values.front();
        }
        // Keys are one or two levels deep. (Walking deeper by assigning Nodes
        // would rewrite the tree: yaml-cpp's Node::operator= assigns content.)
        if (parts.size() == 1) root[parts[0]] = value;
        else root[parts[0]][parts[1]] = value;
    }
    YAML::Emitter out;
    out << root;
    return out.c_str();
}

}  // namespace capsule

// The run options written out for the crash helper, which reads them back
// with apply_yaml. Part of the runtime a test binary starts with: no yaml-cpp.
#include <nlohmann/json.hpp>

#include "capsule/config.hpp"
#include "config/fields.hpp"

namespace capsule {

std::string to_yaml(const RunOptions& options) {
    // Written once per test run, at start-up, for the crash helper: JSON is
    // YAML, and nlohmann's writer costs a fraction of yaml-cpp's node tree and
    // emitter, which showed in the overhead of a run of 10,000 empty tests.
    nlohmann::ordered_json root = nlohmann::ordered_json::object();
    for (const config::Field& field : config::fields()) {
        const std::vector<std::string> values = field.get(options);
        // Keys are one or two levels deep ("output_dir", "bounds.max_frames").
        nlohmann::ordered_json* parent = &root;
        std::string leaf = field.key;
        if (const auto dot = leaf.find('.'); dot != std::string::npos) {
            parent = &root[leaf.substr(0, dot)];
            leaf = leaf.substr(dot + 1);
        }
        if (field.type == config::FieldType::list)
            (*parent)[leaf] = values;
        else
            (*parent)[leaf] = values.empty() ? std::string() : values.front();
    }
    return root.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace capsule

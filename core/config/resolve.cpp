// Where options come from: code, then `.capsule.yaml`, then CAPSULE_* variables.
#include <fstream>
#include <sstream>

#include "capsule/config.hpp"
#include "config/fields.hpp"
#include "loader/engine_api.hpp"

extern char** environ;

namespace capsule {

namespace {

// Variables that are not options but are read elsewhere (the config file's
// own name, the engine's file, the repository the capsule command reads) or
// by other tools; not reported as unknown.
bool known_non_option(const std::string& name) {
    return name == "CAPSULE_CONFIG" || name == "CAPSULE_ENGINE" || name == "CAPSULE_LEG" ||
           name == "CAPSULE_DIR";
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

const char* variable(const std::vector<std::string>& env, const std::string& name) {
    for (const std::string& entry : env)
        if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
            entry[name.size()] == '=')
            return entry.c_str() + name.size() + 1;
    return nullptr;
}

std::vector<std::string> process_environment() {
    std::vector<std::string> env;
    for (char** entry = environ; entry && *entry; ++entry) env.emplace_back(*entry);
    return env;
}

}  // namespace

void apply_environment(const std::vector<std::string>& env, RunOptions& options,
                       std::vector<ConfigWarning>& warnings) {
    for (const std::string& entry : env) {
        if (entry.rfind("CAPSULE_", 0) != 0) continue;
        const std::size_t equals = entry.find('=');
        if (equals == std::string::npos) continue;
        const std::string name = entry.substr(0, equals);
        const std::string value = entry.substr(equals + 1);
        const config::Field* field = config::find_field_by_env(name);
        if (!field) {
            if (!known_non_option(name)) warnings.push_back({name, "unknown variable (ignored)"});
            continue;
        }
        std::vector<std::string> values = field->type == config::FieldType::list
                                              ? config::split_list(value)
                                              : std::vector<std::string>{value};
        std::string error;
        if (!field->set(values, options, error))
            warnings.push_back({name, error + " (ignored)"});
    }
}

void apply_environment(RunOptions& options, std::vector<ConfigWarning>& warnings) {
    apply_environment(process_environment(), options, warnings);
}

RunOptions resolve_options(const RunOptions& from_code, std::vector<ConfigWarning>& warnings) {
    RunOptions options = from_code;
    const std::vector<std::string> env = process_environment();

    // CAPSULE_CONFIG names the file outright, and then it must exist; the
    // default file is optional.
    std::string path = ".capsule.yaml";
    bool required = false;
    if (const char* named = variable(env, "CAPSULE_CONFIG"); named && *named) {
        path = named;
        required = true;
    }
    std::string text;
    if (read_file(path, text)) {
        // yaml-cpp lives in the engine: a run with a config file loads it.
        std::string why_not;
        if (const loader::EngineApi* engine = loader::engine(&why_not))
            engine->apply_yaml(text, path, options, warnings);
        else
            warnings.push_back({path, "not read: " + why_not});
    }
    else if (required) warnings.push_back({"CAPSULE_CONFIG", "cannot read '" + path + "'"});

    apply_environment(env, options, warnings);
    return options;
}

}  // namespace capsule

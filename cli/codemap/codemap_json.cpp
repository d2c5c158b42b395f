#include "codemap/codemap_json.hpp"

namespace capsule::cli {
namespace {

ojson position_json(const codemap::Position& p) {
    if (p.file.empty()) return nullptr;
    return ojson{{"file", p.file}, {"line", p.line}};
}

ojson function_json(const codemap::Function& f, bool with_source) {
    ojson j;
    j["name"] = f.name;
    j["signature"] = f.signature;
    j["declaration"] = position_json(f.declaration);
    j["definition"] = position_json(f.definition);
    j["calls"] = f.calls;
    if (with_source) j["source"] = f.source;
    return j;
}

}  // namespace

ojson code_map_json(const codemap::CodeMap& map, bool with_source) {
    ojson files = ojson::array();
    for (const auto& file : map.files) {
        ojson namespaces = ojson::array();
        for (const auto& ns : file.namespaces) {
            ojson classes = ojson::array();
            for (const auto& cls : ns.classes) {
                ojson methods = ojson::array();
                for (const auto& m : cls.methods) methods.push_back(function_json(m, with_source));
                classes.push_back(ojson{{"name", cls.name},
                                        {"kind", cls.kind},
                                        {"declaration", position_json(cls.declaration)},
                                        {"methods", std::move(methods)}});
            }
            ojson functions = ojson::array();
            for (const auto& f : ns.functions) functions.push_back(function_json(f, with_source));
            namespaces.push_back(
                ojson{{"name", ns.name}, {"classes", std::move(classes)}, {"functions", std::move(functions)}});
        }
        files.push_back(ojson{{"path", file.path}, {"namespaces", std::move(namespaces)}});
    }
    ojson j;
    j["binary"] = map.binary;
    j["compilation_units"] = map.compilation_units;
    j["files"] = std::move(files);
    j["ignored_files"] = map.ignored_files;
    j["system_files"] = map.system_files;
    j["truncated"] = map.truncated;
    j["notes"] = map.notes;
    return j;
}

}  // namespace capsule::cli

// Wrong types in every field of a real capsule: capsule.json field by field
// (each object member, and the first element of each array), and the format
// of manifest.yaml in every YAML shape, including a "billion laughs" of
// aliases. Each is refused by the real command with exit 2 and one line that
// names the file and the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "capsule/file.hpp"
#include "cli_run.hpp"
#include "hostile_run.hpp"
#include "hostile_zip.hpp"

namespace capsule::hostile {
namespace {

using nlohmann::json;

struct Field {
    json::json_pointer pointer;
    std::string path;  // as the reader names it: threads[0].frames[0].vars[0].name
    json wrong;        // a value of another type
};

json wrong_value(const json& j) {
    switch (j.type()) {
        case json::value_t::string: return 7;
        case json::value_t::object: return json::array();
        case json::value_t::array: return json::object();
        case json::value_t::boolean: return "true";
        default: return "7";  // numbers
    }
}

void collect(const json& j, const json::json_pointer& pointer, const std::string& path, std::vector<Field>& out) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            const std::string here = path.empty() ? key : path + "." + key;
            if (!value.is_null()) out.push_back({pointer / key, here, wrong_value(value)});
            collect(value, pointer / key, here, out);
        }
    } else if (j.is_array() && !j.empty()) {
        const std::string here = path + "[0]";
        if (!j[0].is_null()) out.push_back({pointer / 0, here, wrong_value(j[0])});
        collect(j[0], pointer / 0, here, out);
    }
}

class HostileTypes : public ::testing::Test {
protected:
    void SetUp() override {
        // The victim's capsule, with a graph: every field the writer writes.
        good_ = clitest::victim(dir_ / "repo", {"assert", "1"}).at(0);
        const Report report = read_capsule(good_);
        json_ = json::parse(report_to_json(report));
        manifest_ = report_to_manifest_yaml(report);
    }

    std::string write(const std::string& name, const std::string& manifest, const std::string& json) {
        const std::string path = dir_ / name;
        std::ofstream(path, std::ios::binary)
            << zip_bytes({stored("manifest.yaml", manifest), deflated("capsule.json", json)});
        return path;
    }

    clitest::TempDir dir_;
    std::string good_;
    json json_;
    std::string manifest_;
};

TEST_F(HostileTypes, EveryCapsuleJsonFieldOfTheWrongType) {
    std::vector<Field> fields;
    collect(json_, json::json_pointer(), "", fields);
    ASSERT_GT(fields.size(), 60u) << "the sample capsule lacks fields";
    // The parts the victim's capsule must have, so that none goes unchecked.
    for (const char* must : {"threads[0].frames[0].vars[0].name", "threads[0].frames[0].snippet[0].text",
                             "graph", "environment", "command_line[0]", "capture.notes"}) {
        EXPECT_TRUE(std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.path == must; }))
            << must;
    }
    const auto before = clitest::tree_state(dir_.path());
    for (const Field& field : fields) {
        SCOPED_TRACE(field.path);
        json bad = json_;
        bad[field.pointer] = field.wrong;
        const std::string file = write("types.capsule", manifest_, bad.dump());
        const Result r = run_capsule({"show", file});
        EXPECT_EQ(refusal_problem(r, file, "capsule.json: " + field.path + ": expected "), "");
    }
    EXPECT_EQ(clitest::tree_state(dir_.path()).size(), before.size() + 1) << "only the hostile file is new";
}

TEST_F(HostileTypes, TheTopLevelOfTheWrongType) {
    for (const char* text : {"[]", "\"capsule\"", "7", "null", "true"}) {
        const std::string file = write("top.capsule", manifest_, text);
        EXPECT_EQ(refusal_problem(run_capsule({"show", file}), file, "capsule.json: top level: expected an object"), "")
            << text;
    }
}

TEST_F(HostileTypes, ManifestFormatOfEveryWrongYamlShape) {
    const std::string json = json_.dump();
    const std::vector<std::pair<std::string, std::string>> cases{
        {"format: [1, 0]\n", "manifest.yaml: format: not a version number"},
        {"format: {major: 1}\n", "manifest.yaml: format: not a version number"},
        {"format: ~\n", "manifest.yaml: format: not a version number"},
        {"format: true\n", "manifest.yaml: format: not a version number: true"},
        {"format: \"\"\n", "manifest.yaml: format: not a version number"},
        {"format: 1.0.0\n", "manifest.yaml: format: not a version number: 1.0.0"},
        {"format: 99999999999999999999.0\n", "manifest.yaml: format: not a version number"},
        {"format: -1.0\n", "not a capsule format: -1.0"},
        {"- format\n- \"1.0\"\n", "manifest.yaml: not a map"},
        {"\"1.0\"\n", "manifest.yaml: not a map"},
        {"x: &a {major: 1}\nformat: *a\n", "manifest.yaml: format: not a version number"},
        {"format: *nothing\n", "manifest.yaml: "},
        {"format: !!binary AAAA\n", "manifest.yaml: format: not a version number"},
    };
    for (const auto& [yaml, problem] : cases) {
        const std::string file = write("manifest.capsule", yaml, json);
        EXPECT_EQ(refusal_problem(run_capsule({"show", file}), file, problem), "") << yaml;
    }
}

// Aliases of aliases: a billion "lol"s to anything that expands them. Only
// the format is read, so nothing is expanded.
TEST_F(HostileTypes, ManifestBillionLaughs) {
    std::string yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int level = 1; level < 10; ++level) {
        const std::string name = "a" + std::to_string(level), previous = "*a" + std::to_string(level - 1);
        yaml += name + ": &" + name + " [";
        for (int i = 0; i < 10; ++i) yaml += (i ? ", " : "") + previous;
        yaml += "]\n";
    }
    const std::string as_format = write("laughs.capsule", yaml + "format: *a9\n", json_.dump());
    const Result r = run_capsule({"show", as_format});
    EXPECT_EQ(refusal_problem(r, as_format, "manifest.yaml: format: not a version number"), "");
    EXPECT_LT(r.peak_rss_kib, memory_bound_kib(128 * 1024));
    // Beside a good format, the laughs are simply not read.
    const std::string beside = write("beside.capsule", yaml + "format: \"1.0\"\n", json_.dump());
    const Result ok = run_capsule({"show", beside});
    EXPECT_EQ(ok.code, 0) << ok.describe();
    EXPECT_LT(ok.peak_rss_kib, memory_bound_kib(128 * 1024));
}

}  // namespace
}  // namespace capsule::hostile

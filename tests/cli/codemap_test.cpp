// capsule codemap on a victim built with -O1 -g, and on programs the tests
// compile themselves (for .gitignore and for a binary without debug info).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "codemap/ignore_rules.hpp"
#include "process_support.hpp"

namespace capsule {
namespace {

using nlohmann::json;
using proctest::capsule;
using proctest::Ran;
using proctest::ScratchDir;

const std::string victim_dir = CODEMAP_VICTIM_SOURCE_DIR;

// The line of `path` that contains `text`, 1-based; 0 when none does.
int line_of(const std::string& path, const std::string& text) {
    std::ifstream in(path);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.find(text) != std::string::npos) return number;
    }
    return 0;
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

const json* file_named(const json& map, const std::string& tail) {
    for (const json& f : map["files"])
        if (ends_with(f["path"].get<std::string>(), tail)) return &f;
    return nullptr;
}

const json* namespace_named(const json& file, const std::string& name) {
    for (const json& ns : file["namespaces"])
        if (ns["name"] == name) return &ns;
    return nullptr;
}

const json* named(const json& list, const std::string& key, const std::string& value) {
    for (const json& item : list)
        if (item[key] == value) return &item;
    return nullptr;
}

bool contains(const json& list, const std::string& value) {
    for (const json& item : list)
        if (item == value) return true;
    return false;
}

json code_map(const std::vector<std::string>& args, int expected_code = 0) {
    const Ran ran = capsule(args);
    EXPECT_TRUE(ran.exited(expected_code)) << ran.err;
    return json::parse(ran.out);
}

TEST(CodeMap, NamespacesClassesMethodsFunctionsAndCalls) {
    const json map = code_map({"codemap", CODEMAP_VICTIM});
    EXPECT_EQ(map["binary"], CODEMAP_VICTIM);
    EXPECT_GE(map["compilation_units"].get<int>(), 2);
    const std::string header = victim_dir + "/shapes.hpp", source = victim_dir + "/shapes.cpp";

    const json* shapes = file_named(map, "codemap_victim/shapes.hpp");
    ASSERT_NE(shapes, nullptr) << map.dump(2);
    const json* geometry = namespace_named(*shapes, "geometry");
    ASSERT_NE(geometry, nullptr);

    const json* circle = named((*geometry)["classes"], "name", "geometry::Circle");
    ASSERT_NE(circle, nullptr) << geometry->dump(2);
    EXPECT_EQ((*circle)["kind"], "class");
    EXPECT_EQ((*circle)["declaration"]["line"], line_of(header, "class Circle {"));
    for (const char* method : {"Circle", "area", "scale", "radius"})
        EXPECT_NE(named((*circle)["methods"], "name", method), nullptr) << method << "\n" << circle->dump(2);

    const json* area = named((*circle)["methods"], "name", "area");
    ASSERT_NE(area, nullptr);
    EXPECT_EQ((*area)["signature"], "geometry::Circle::area() const");
    EXPECT_EQ((*area)["declaration"]["file"], header);
    EXPECT_EQ((*area)["declaration"]["line"], line_of(header, "double area() const;"));
    EXPECT_EQ((*area)["definition"]["file"], source);
    EXPECT_EQ((*area)["definition"]["line"], line_of(source, "double Circle::area() const {"));
    EXPECT_TRUE(contains((*area)["calls"], "geometry::detail::square(double)")) << area->dump(2);
    EXPECT_FALSE(area->contains("source"));  // only with --include-source

    const json* total = named((*geometry)["functions"], "name", "total_area");
    ASSERT_NE(total, nullptr) << geometry->dump(2);
    EXPECT_EQ((*total)["signature"],
              "geometry::total_area(std::vector<geometry::Circle, std::allocator<geometry::Circle> > const&)");
    EXPECT_EQ((*total)["declaration"]["line"], line_of(header, "double total_area("));
    EXPECT_EQ((*total)["definition"]["line"], line_of(source, "double total_area("));
    EXPECT_TRUE(contains((*total)["calls"], "geometry::Circle::area() const")) << total->dump(2);

    const json* detail = namespace_named(*shapes, "geometry::detail");
    ASSERT_NE(detail, nullptr);
    const json* square = named((*detail)["functions"], "name", "square");
    ASSERT_NE(square, nullptr);
    EXPECT_EQ((*square)["signature"], "geometry::detail::square(double)");
    EXPECT_EQ((*square)["declaration"]["line"], line_of(header, "double square(double x);"));

    // main has no linkage name: its signature is built from the DWARF types.
    const json* main_file = file_named(map, "codemap_victim/main.cpp");
    ASSERT_NE(main_file, nullptr);
    const json* global = namespace_named(*main_file, "");
    ASSERT_NE(global, nullptr);
    const json* main_function = named((*global)["functions"], "name", "main");
    ASSERT_NE(main_function, nullptr);
    EXPECT_EQ((*main_function)["signature"], "main(int, char **)");
    EXPECT_EQ((*main_function)["declaration"]["line"], line_of(victim_dir + "/main.cpp", "int main("));
    EXPECT_TRUE(contains((*main_function)["calls"], (*total)["signature"].get<std::string>()));

    // The standard library's headers are not the program's code.
    for (const json& f : map["files"]) EXPECT_NE(f["path"].get<std::string>().rfind("/usr/", 0), 0u) << f["path"];
    EXPECT_GT(map["system_files"].get<int>(), 0);
}

TEST(CodeMap, TakesTheOptionsEveryCommandTakes) {
    // --repo, --json and --color never change the map: it is JSON, reads no
    // repository and has no colour.
    const Ran plain = capsule({"codemap", CODEMAP_VICTIM});
    ASSERT_TRUE(plain.exited(0)) << plain.err;
    ScratchDir dir;
    const Ran with_options =
        capsule({"codemap", CODEMAP_VICTIM, "--repo", dir / "repo", "--json", "--color", "always"});
    ASSERT_TRUE(with_options.exited(0)) << with_options.err;
    EXPECT_EQ(with_options.out, plain.out);
    EXPECT_EQ(with_options.out.find('\033'), std::string::npos);
    EXPECT_FALSE(proctest::exists(dir / "repo"));
}

TEST(CodeMap, FiltersByNameAndFile) {
    const json by_name = code_map({"codemap", CODEMAP_VICTIM, "--filter-name", "square"});
    ASSERT_EQ(by_name["files"].size(), 1u) << by_name.dump(2);
    const json& only = by_name["files"][0];
    EXPECT_TRUE(ends_with(only["path"], "shapes.hpp"));
    ASSERT_EQ(only["namespaces"].size(), 1u);
    EXPECT_EQ(only["namespaces"][0]["name"], "geometry::detail");
    EXPECT_TRUE(only["namespaces"][0]["classes"].empty());
    ASSERT_EQ(only["namespaces"][0]["functions"].size(), 1u);

    // A class that matches keeps all its methods.
    const json by_class = code_map({"codemap", CODEMAP_VICTIM, "--filter-name", "geometry::Circle::"});
    const json* shapes = file_named(by_class, "shapes.hpp");
    ASSERT_NE(shapes, nullptr);
    const json* geometry = namespace_named(*shapes, "geometry");
    ASSERT_NE(geometry, nullptr);
    ASSERT_EQ((*geometry)["classes"].size(), 1u);
    EXPECT_EQ((*geometry)["classes"][0]["methods"].size(), 4u);
    EXPECT_TRUE((*geometry)["functions"].empty());

    const json by_file = code_map({"codemap", CODEMAP_VICTIM, "--filter-file", "main.cpp"});
    ASSERT_EQ(by_file["files"].size(), 1u);
    EXPECT_TRUE(ends_with(by_file["files"][0]["path"], "codemap_victim/main.cpp"));

    // Several filters: any may match; a glob matches the whole path.
    const json both = code_map({"codemap", CODEMAP_VICTIM, "--filter-file", "*/codemap_victim/shapes.h*",
                                "--filter-file", "main.cpp"});
    EXPECT_EQ(both["files"].size(), 2u) << both.dump(2);

    const json none = code_map({"codemap", CODEMAP_VICTIM, "--filter-name", "no_such_function_anywhere"}, 1);
    EXPECT_TRUE(none["files"].empty());
}

TEST(CodeMap, IncludeSourceGivesEachFunctionItsLines) {
    const json map = code_map({"codemap", CODEMAP_VICTIM, "--include-source", "--filter-name", "geometry::"});
    const json* shapes = file_named(map, "shapes.hpp");
    ASSERT_NE(shapes, nullptr);
    const json* circle = named((*namespace_named(*shapes, "geometry"))["classes"], "name", "geometry::Circle");
    ASSERT_NE(circle, nullptr);
    const std::string area = (*named((*circle)["methods"], "name", "area"))["source"];
    EXPECT_EQ(area.rfind("__attribute__((noinline)) double Circle::area() const {", 0), 0u) << area;
    EXPECT_NE(area.find("return 3.14159 * detail::square(radius_);"), std::string::npos) << area;
    // It stops before the next function.
    EXPECT_EQ(area.find("scale"), std::string::npos) << area;
}

// Writes `sources` (name, text) into `dir` and compiles the .cpp ones into `dir`/prog.
void compile(const ScratchDir& dir, const std::vector<std::pair<std::string, std::string>>& sources,
             const std::vector<std::string>& flags) {
    std::vector<std::string> args = flags;
    for (const auto& [name, text] : sources) {
        const std::string path = dir / name;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path) << text;
        if (path.size() > 4 && path.compare(path.size() - 4, 4, ".cpp") == 0) args.push_back(path);
    }
    args.push_back("-o");
    args.push_back(dir / "prog");
    const Ran ran = proctest::run(CXX_COMPILER, args);
    ASSERT_TRUE(ran.exited(0)) << ran.err;
}

// clang declares the main file's functions with DWARF 5 file index 0, which
// libdw 0.188 reads as "no file", and leaves out .debug_aranges.
TEST(CodeMap, ClangBuildGivesTheSameMap) {
    if (proctest::run("/usr/bin/env", {"clang++", "--version"}).status != 0) GTEST_SKIP() << "no clang++";
    ScratchDir dir;
    const Ran built = proctest::run("/usr/bin/env", {"clang++", "-O1", "-g", victim_dir + "/main.cpp",
                                                     victim_dir + "/shapes.cpp", "-o", dir / "prog"});
    ASSERT_TRUE(built.exited(0)) << built.err;
    const json map = code_map({"codemap", dir / "prog"});
    const std::string header = victim_dir + "/shapes.hpp", source = victim_dir + "/shapes.cpp";

    const json* main_file = file_named(map, "codemap_victim/main.cpp");
    ASSERT_NE(main_file, nullptr) << map.dump(2);
    const json* main_function = named((*namespace_named(*main_file, ""))["functions"], "name", "main");
    ASSERT_NE(main_function, nullptr);
    EXPECT_EQ((*main_function)["signature"], "main(int, char **)");
    EXPECT_EQ((*main_function)["definition"]["line"], line_of(victim_dir + "/main.cpp", "int main("));

    const json* shapes = file_named(map, "codemap_victim/shapes.hpp");
    ASSERT_NE(shapes, nullptr);
    const json* circle = named((*namespace_named(*shapes, "geometry"))["classes"], "name", "geometry::Circle");
    ASSERT_NE(circle, nullptr);
    const json* area = named((*circle)["methods"], "name", "area");
    ASSERT_NE(area, nullptr);
    EXPECT_EQ((*area)["declaration"]["line"], line_of(header, "double area() const;"));
    EXPECT_EQ((*area)["definition"]["file"], source);
    EXPECT_EQ((*area)["definition"]["line"], line_of(source, "double Circle::area() const {"));
    EXPECT_TRUE(contains((*area)["calls"], "geometry::detail::square(double)")) << area->dump(2);
}

const std::vector<std::pair<std::string, std::string>> ignore_sources = {
    // Nothing declared across files: each function belongs to its own file.
    {"app.cpp", "int main() { return 0; }\n"},
    {"gen/generated.cpp", "int generated() { return 1; }\n"},
    {"gen/kept.cpp", "int kept() { return 2; }\n"},
    {".gitignore", "# build output\ngen/*\n!gen/kept.cpp\n"},
};

void expect_ignored_as_git_would(const json& map, const ScratchDir& dir) {
    EXPECT_NE(file_named(map, "/app.cpp"), nullptr) << map.dump(2);
    EXPECT_NE(file_named(map, "/gen/kept.cpp"), nullptr) << map.dump(2);
    EXPECT_EQ(file_named(map, "/gen/generated.cpp"), nullptr) << map.dump(2);
    ASSERT_EQ(map["ignored_files"].size(), 1u);
    EXPECT_EQ(map["ignored_files"][0], dir / "gen/generated.cpp");
}

TEST(CodeMap, LeavesOutWhatGitignoreIgnoresWithGit) {
    if (proctest::run("/usr/bin/env", {"git", "--version"}).status != 0) GTEST_SKIP() << "git is not installed";
    ScratchDir dir;
    compile(dir, ignore_sources, {"-g", "-O0"});
    ASSERT_TRUE(proctest::run("/usr/bin/env", {"git", "init", "-q", dir.path()}).exited(0));
    const json map = code_map({"codemap", dir / "prog"});
    expect_ignored_as_git_would(map, dir);
    EXPECT_TRUE(map["notes"].empty()) << map["notes"];
}

TEST(CodeMap, ReadsGitignoreFilesWhenGitIsMissing) {
    ScratchDir dir;
    compile(dir, ignore_sources, {"-g", "-O0"});
    ::mkdir((dir / ".git").c_str(), 0700);  // a work tree, as far as the files can tell
    proctest::Launch no_git;
    no_git.environment = {"PATH=/nonexistent"};
    const Ran ran = capsule({"codemap", dir / "prog"}, no_git);
    ASSERT_TRUE(ran.exited(0)) << ran.err;
    const json map = json::parse(ran.out);
    expect_ignored_as_git_would(map, dir);
    EXPECT_TRUE(contains(map["notes"], "git is not installed; read the .gitignore files instead")) << map["notes"];
}

TEST(CodeMapIgnoreRules, MatchLikeGit) {
    using codemap::IgnoreFile;
    const IgnoreFile rules("*.o\n/build/\ndocs/*.md\n!docs/keep.md\n**/tmp\nlogs/\n  \n# comment\n");
    EXPECT_EQ(rules.match("a/b/x.o", false), IgnoreFile::Verdict::ignored);
    EXPECT_EQ(rules.match("build", true), IgnoreFile::Verdict::ignored);
    EXPECT_EQ(rules.match("build", false), IgnoreFile::Verdict::none);  // directory-only
    EXPECT_EQ(rules.match("src/build", true), IgnoreFile::Verdict::none);  // anchored
    EXPECT_EQ(rules.match("docs/a.md", false), IgnoreFile::Verdict::ignored);
    EXPECT_EQ(rules.match("docs/sub/a.md", false), IgnoreFile::Verdict::none);  // '*' stops at '/'
    EXPECT_EQ(rules.match("docs/keep.md", false), IgnoreFile::Verdict::kept);
    EXPECT_EQ(rules.match("deep/down/tmp", true), IgnoreFile::Verdict::ignored);
    EXPECT_EQ(rules.match("x/logs", true), IgnoreFile::Verdict::ignored);
    EXPECT_EQ(rules.match("main.cpp", false), IgnoreFile::Verdict::none);

    ScratchDir dir;
    std::filesystem::create_directories(dir / "src/logs");
    std::ofstream(dir / ".gitignore") << "logs/\n*.gen.cpp\n";
    std::ofstream(dir / "src/.gitignore") << "!special.gen.cpp\n";
    codemap::IgnoreFiles files;
    EXPECT_TRUE(files.ignored(dir / "src/logs/a.cpp", dir.path()));     // under an ignored directory
    EXPECT_TRUE(files.ignored(dir / "src/x.gen.cpp", dir.path()));
    EXPECT_FALSE(files.ignored(dir / "src/special.gen.cpp", dir.path()));  // the deeper file wins
    EXPECT_FALSE(files.ignored(dir / "src/main.cpp", dir.path()));
}

TEST(CodeMapBadInput, MissingNotElfAndNoDebugInfoAreUsageErrors) {
    ScratchDir dir;
    Ran ran = capsule({"codemap", dir / "missing"});
    EXPECT_TRUE(ran.exited(2)) << ran.err;
    EXPECT_NE(ran.err.find("cannot read"), std::string::npos) << ran.err;
    EXPECT_TRUE(ran.out.empty());

    std::ofstream(dir / "notes.txt") << "not a program\n";
    ran = capsule({"codemap", dir / "notes.txt"});
    EXPECT_TRUE(ran.exited(2));
    EXPECT_NE(ran.err.find("is not an ELF file"), std::string::npos) << ran.err;

    ran = capsule({"codemap", dir.path()});
    EXPECT_TRUE(ran.exited(2));
    EXPECT_NE(ran.err.find("is a directory"), std::string::npos) << ran.err;

    compile(dir, {{"plain.cpp", "int main() { return 0; }\n"}}, {"-g0", "-O1", "-s"});
    ran = capsule({"codemap", dir / "prog"});
    EXPECT_TRUE(ran.exited(2));
    EXPECT_NE(ran.err.find("has no DWARF debug info"), std::string::npos) << ran.err;

    // A copy cut off half way: damaged, not merely without debug info.
    const std::string whole = proctest::read_text(CODEMAP_VICTIM);
    std::ofstream(dir / "half", std::ios::binary) << whole.substr(0, whole.size() / 2);
    ran = capsule({"codemap", dir / "half"});
    EXPECT_TRUE(ran.exited(2));
    EXPECT_NE(ran.err.find("is truncated"), std::string::npos) << ran.err;
    EXPECT_TRUE(ran.out.empty());

    ran = capsule({"codemap", CODEMAP_VICTIM, "--color", "sometimes"});
    EXPECT_TRUE(ran.exited(2));
    EXPECT_NE(ran.err.find("--color must be"), std::string::npos) << ran.err;
    EXPECT_TRUE(ran.out.empty());

    ran = capsule({"codemap"});
    EXPECT_TRUE(ran.exited(2));
    // Every error is one line.
    EXPECT_EQ(ran.err.find('\n'), ran.err.size() - 1) << ran.err;
}

}  // namespace
}  // namespace capsule

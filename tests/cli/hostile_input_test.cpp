// Hostile capsules given to the real capsule command: entry names that climb
// out of a directory, zip bombs, JSON nested 100,000 deep, huge strings,
// wrong types in every field. Each file is built here (nothing large is
// committed); every command that reads a capsule runs on it under a 1 GiB
// address-space limit and must end with exit 2 and one line naming the file
// and the problem: no crash, no running out of memory, nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "capsule/file.hpp"
#include "cli_run.hpp"
#include "file/limits.hpp"
#include "hostile_run.hpp"
#include "hostile_zip.hpp"

namespace capsule::hostile {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class HostileCapsule : public ::testing::Test {
protected:
    // One real capsule, stored by the victim: its parts make the hostile files.
    static void SetUpTestSuite() {
        sample_ = new clitest::TempDir;
        good_ = new std::string(clitest::victim(*sample_ / "repo", {"assert", "1"}).at(0));
        const Report report = read_capsule(*good_);
        json_ = new std::string(report_to_json(report));
        manifest_ = new std::string(report_to_manifest_yaml(report));
    }
    static void TearDownTestSuite() {
        delete sample_;
        delete good_;
        delete json_;
        delete manifest_;
    }

    void SetUp() override {
        work_ = dir_ / "work/deep";
        fs::create_directories(work_);
    }

    void TearDown() override {
        RecordProperty("peak_rss_kib", std::to_string(peak_kib_));
        std::cout << "[ peak RSS ] " << peak_kib_ / 1024 << " MiB over every command of this test\n";
    }

    std::string write(const std::string& name, const std::string& bytes) {
        const std::string path = dir_ / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    // A capsule of the sample's manifest, `json` as capsule.json, and `extra` entries.
    std::string capsule(const std::string& name, const std::string& json, std::vector<RawEntry> extra = {}) {
        std::vector<RawEntry> entries{stored("manifest.yaml", *manifest_), deflated("capsule.json", json)};
        entries.insert(entries.end(), extra.begin(), extra.end());
        return write(name, zip_bytes(entries));
    }

    Result run(const std::vector<std::string>& args) {
        Result r = run_capsule(args, work_);
        peak_kib_ = std::max(peak_kib_, r.peak_rss_kib);
        return r;
    }

    // Every command that reads one capsule refuses `file` the same way, from
    // a working directory two levels below the test's, and nothing changes
    // anywhere in the test's directory.
    void expect_every_command_refuses(const std::string& file, const std::string& problem) {
        const auto before = clitest::tree_state(dir_.path());
        const std::string page = dir_ / "page.html";
        const std::vector<std::vector<std::string>> commands{
            {"show", file},  {"show", file, "--json"}, {"vars", file},        {"stack", file},
            {"env", file},   {"diff", file, *good_},   {"diff", *good_, file}, {"html", file, "-o", page}};
        for (const std::vector<std::string>& args : commands) {
            const Result r = run(args);
            EXPECT_EQ(refusal_problem(r, file, problem), "") << args[0] << " " << args.back();
        }
        EXPECT_EQ(clitest::tree_state(dir_.path()), before) << "a command wrote or deleted something";
    }

    // `show` alone: for the long lists of variants.
    void expect_show_refuses(const std::string& file, const std::string& problem) {
        EXPECT_EQ(refusal_problem(run({"show", file}), file, problem), "");
    }

    static clitest::TempDir* sample_;
    static std::string* good_;
    static std::string* json_;
    static std::string* manifest_;
    clitest::TempDir dir_;
    std::string work_;
    long peak_kib_ = 0;
};

clitest::TempDir* HostileCapsule::sample_ = nullptr;
std::string* HostileCapsule::good_ = nullptr;
std::string* HostileCapsule::json_ = nullptr;
std::string* HostileCapsule::manifest_ = nullptr;

TEST_F(HostileCapsule, TheSampleItselfIsRead) {
    const std::string file = capsule("plain.capsule", *json_);
    for (const char* command : {"show", "vars", "stack", "env"}) {
        const Result r = run({command, file});
        EXPECT_EQ(r.code, 0) << command << " " << r.describe();
    }
}

TEST_F(HostileCapsule, EntryNamesThatClimbOutAreRefusedAndNothingIsWritten) {
    // Relative to work/deep, "../../x" is the test's directory and "../../../x"
    // its parent: whatever got extracted would show up there or at "/abs".
    const std::string outside = fs::path(dir_.path()).parent_path() / "x";
    const bool outside_existed = fs::exists(outside), abs_existed = fs::exists("/abs");
    const std::vector<std::string> names{"../x",       "../../x",  "../../../x", "/abs",   "a/../../x",
                                         "./../x",     "..\\x",    "a\\..\\..\\x", "\\abs", "C:x",
                                         "a/b/../../../x"};
    int n = 0;
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        // First, and after the real entries: a reader must not stop at the ones it wants.
        const std::string first = write("first" + std::to_string(n) + ".capsule",
                                        zip_bytes({stored(name, "pwned\n"), stored("manifest.yaml", *manifest_),
                                                   deflated("capsule.json", *json_)}));
        const std::string last = capsule("last" + std::to_string(n++) + ".capsule", *json_, {stored(name, "pwned\n")});
        expect_every_command_refuses(first, "hostile entry name \"" + name + "\"");
        expect_show_refuses(last, "hostile entry name \"" + name + "\"");
    }
    EXPECT_EQ(fs::exists(outside), outside_existed);
    EXPECT_EQ(fs::exists("/abs"), abs_existed);
}

TEST_F(HostileCapsule, NulInAnEntryNameIsRefused) {
    // Cut at the NUL, the name reads "capsule.json" or "manifest.yaml": the
    // entry would shadow (or be shadowed by) the real one.
    for (const std::string name : {std::string("capsule.json\0/../../x", 21), std::string("../x\0.txt", 9),
                                   std::string("manifest.yaml\0", 14)}) {
        SCOPED_TRACE(name.substr(0, name.find('\0')));
        const std::string file = capsule("nul.capsule", *json_, {stored(name, "{}")});
        expect_every_command_refuses(file, "entry name");
    }
}

TEST_F(HostileCapsule, ZipBombsAreRefusedWithinBoundedMemory) {
    // The generator itself: a real deflate stream of exactly that many zeros.
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
    const RawEntry small = zero_bomb("x", 64u << 20);
    inflate_count(small.data, size, crc);
    ASSERT_EQ(size, 64u << 20);
    ASSERT_EQ(crc, small.crc);

    const std::uint64_t ten_gib = 10ull << 30;
    const RawEntry bomb = zero_bomb("capsule.json", ten_gib);
    const std::string file = write("bomb.capsule", zip_bytes({stored("manifest.yaml", *manifest_), bomb}));
    EXPECT_LT(fs::file_size(file), 16u << 20);
    expect_every_command_refuses(file, "entry capsule.json is 10737418240 bytes uncompressed (limit " +
                                           std::to_string(file::max_entry_bytes) + ")");

    // The same stream with headers that lie: they claim 1000 bytes.
    RawEntry liar = bomb;
    liar.size = 1000;
    const std::string lying = write("liar.capsule", zip_bytes({stored("manifest.yaml", *manifest_), liar}));
    expect_every_command_refuses(lying, "capsule.json");

    // Small enough, but 1000:1.
    const std::string dense =
        write("dense.capsule", zip_bytes({stored("manifest.yaml", *manifest_), zero_bomb("capsule.json", 64u << 20)}));
    expect_every_command_refuses(dense, "(a zip bomb?)");

    // The manifest, read first, has a bound of its own.
    const std::string manifest =
        write("manifest.capsule", zip_bytes({zero_bomb("manifest.yaml", 1ull << 30), deflated("capsule.json", *json_)}));
    expect_every_command_refuses(manifest, "entry manifest.yaml is 1073741824 bytes uncompressed");

    // Whatever the command, none inflated anything big.
    EXPECT_LT(peak_kib_, memory_bound_kib(64 * 1024)) << "peak RSS " << peak_kib_ << " KiB";
}

TEST_F(HostileCapsule, AnEndRecordThatLiesAboutTheEntryCountIsRefused) {
    const std::string file =
        write("count.capsule",
              zip_bytes({stored("manifest.yaml", *manifest_), deflated("capsule.json", *json_)}, 65535));
    expect_every_command_refuses(file, "not a capsule: " + file + ": ");
}

TEST_F(HostileCapsule, JsonNested100000DeepIsRefused) {
    const std::size_t deep = 100000;
    const std::string arrays = std::string(deep, '[') + std::string(deep, ']');
    std::string objects;
    for (std::size_t i = 0; i < deep; ++i) objects += "{\"a\":";
    objects += "1" + std::string(deep, '}');
    const std::string problem = "capsule.json: nested deeper than " + std::to_string(file::max_json_depth) + " levels";
    expect_every_command_refuses(capsule("arrays.capsule", "{\"format\":1,\"junk\":" + arrays + "}"), problem);
    expect_show_refuses(capsule("objects.capsule", "{\"format\":1,\"junk\":" + objects + "}"), problem);
    expect_show_refuses(capsule("top.capsule", arrays), problem);
}

TEST_F(HostileCapsule, ManifestNested100000DeepIsRefused) {
    const std::size_t deep = 100000;
    for (const std::string& yaml : {"format: " + std::string(deep, '[') + std::string(deep, ']') + "\n",
                                    "format: " + std::string(deep, '{') + std::string(deep, '}') + "\n",
                                    std::string(deep, '-') + " x\n"}) {
        const std::string file =
            write("deep.capsule", zip_bytes({deflated("manifest.yaml", yaml), deflated("capsule.json", *json_)}));
        expect_every_command_refuses(file, "manifest.yaml: ");
    }
}

TEST_F(HostileCapsule, StringsPastTheBoundAreRefused) {
    // Letters that do not compress 200:1, stored: the size bound is what is tested.
    std::string big(file::max_string_field_bytes + 1, 'a');
    std::uint32_t x = 12345;
    for (char& c : big) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        c = static_cast<char>('a' + x % 26);
    }
    const std::string size = std::to_string(big.size()) + " bytes (limit " + std::to_string(file::max_string_field_bytes) + ")";
    auto with = [&](const std::string& name, const std::string& json_path, bool as_key) {
        json j = json::parse(*json_);
        if (as_key) j[json::json_pointer(json_path)][big] = "v";
        else j[json::json_pointer(json_path)] = big;
        return write(name, zip_bytes({stored("manifest.yaml", *manifest_), stored("capsule.json", j.dump())}));
    };
    expect_every_command_refuses(with("message.capsule", "/message", false), "capsule.json: message: a string of " + size);
    expect_show_refuses(with("value.capsule", "/threads/0/frames/0/vars/0/value", false),
                        "capsule.json: threads[0].frames[0].vars[0].value: a string of " + size);
    expect_show_refuses(with("key.capsule", "/environment", true), "capsule.json: environment: a key of " + size);
}

// The writer never writes what the reader refuses: a longer string is cut.
TEST_F(HostileCapsule, AStringPastTheBoundIsCutWhenWritten) {
    Report report = read_capsule(*good_);
    report.message = std::string(file::max_string_field_bytes + 100, 'm');
    const std::string file = dir_ / "cut.capsule";
    write_capsule(report, file);
    EXPECT_EQ(read_capsule(file).message, std::string(file::max_string_field_bytes - 3, 'm') + "...");
    const Result r = run({"show", file});
    EXPECT_EQ(r.code, 0) << r.describe();
}

TEST_F(HostileCapsule, MoreValuesThanTheBoundAreRefused) {
    std::string many = "{\"format\":1,\"junk\":[0";
    for (std::size_t i = 0; i < file::max_json_values; ++i) many += ",0";
    many += "]}";
    const std::string file = write("many.capsule", zip_bytes({stored("manifest.yaml", *manifest_), stored("capsule.json", many)}));
    expect_every_command_refuses(file, "capsule.json: more than " + std::to_string(file::max_json_values) + " values");
}

// Just inside every bound, the worst shape for memory (the smallest JSON per
// value, each a Variable): read and shown within the address-space limit.
TEST_F(HostileCapsule, JustInsideTheBoundsFitsInMemory) {
    if (!address_space_limited()) GTEST_SKIP() << "no address-space limit under AddressSanitizer";
    json j = json::parse(*json_);
    std::string children = "[{}";
    // Each "{}" counts twice: an element and a container.
    const std::size_t count = file::max_json_values / 2 - 2000;
    for (std::size_t i = 1; i < count; ++i) children += ",{}";
    children += "]";
    j["threads"][0]["frames"][0]["vars"][0]["children"] = "@CHILDREN@";
    std::string text = j.dump();
    text.replace(text.find("\"@CHILDREN@\""), 12, children);
    const std::string file = write("wide.capsule", zip_bytes({stored("manifest.yaml", *manifest_), stored("capsule.json", text)}));
    for (const char* command : {"show", "stack", "vars"}) {
        const Result r = run({command, file});
        EXPECT_EQ(r.code, 0) << command << " " << r.describe().substr(0, 3000);
    }
}

}  // namespace
}  // namespace capsule::hostile

// The capsule zip: atomic writing, and reading hostile or damaged files.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <set>
#include <sstream>

#include "capsule/file.hpp"
#include "file_samples.hpp"

namespace capsule {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "capsule-file-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        for (auto& entry : fs::recursive_directory_iterator(path_, ec))
            fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
}

// A zip written by hand, with whatever entries a test wants.
void make_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr) << error;
    for (const auto& [name, data] : entries) {
        zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
        ASSERT_NE(source, nullptr);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_RAW), 0) << zip_strerror(archive);
    }
    ASSERT_EQ(zip_close(archive), 0) << zip_strerror(archive);
}

std::string zip_entry(const std::string& path, const char* name) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!archive) return "";
    zip_stat_t st;
    zip_stat(archive, name, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* file = zip_fopen(archive, name, 0);
    zip_fread(file, data.data(), data.size());
    zip_fclose(file);
    zip_discard(archive);
    return data;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

std::string read_error(const std::string& path) {
    try {
        read_capsule(path);
    } catch (const FormatError& e) {
        std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        return what;
    }
    return "";
}

// Runs `body` in a forked child (for rlimits and uids that must not leak into
// the test process); the child's exit code, 0 meaning every check held.
int in_child(const std::function<int()>& body) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int code = 99;
        try {
            code = body();
        } catch (...) {
            code = 98;
        }
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(CapsuleFile, WritesAndReadsBackEveryField) {
    TempDir dir;
    const Report original = file_test::rich_report();
    write_capsule(original, dir / "a.capsule");
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"a.capsule"});
    file_test::expect_same(file_test::with_binary_replaced(original), read_capsule(dir / "a.capsule"));
    EXPECT_NE(zip_entry(dir / "a.capsule", "manifest.yaml").find("format: \"1.0\""), std::string::npos);

    struct stat st;
    ASSERT_EQ(::stat((dir / "a.capsule").c_str(), &st), 0);
    mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
}

TEST(CapsuleFile, ReplacesAnExistingCapsuleAndLeavesNoTemporary) {
    TempDir dir;
    Report first = file_test::rich_report();
    write_capsule(first, dir / "a.capsule");
    Report second;
    second.kind = "timeout";
    write_capsule(second, dir / "a.capsule");
    EXPECT_EQ(read_capsule(dir / "a.capsule").kind, "timeout");
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"a.capsule"});
}

TEST(CapsuleFile, CreatesMissingDirectories) {
    TempDir dir;
    write_capsule(file_test::rich_report(), dir / "x/y/z/a.capsule");
    EXPECT_EQ(read_capsule(dir / "x/y/z/a.capsule").kind, "assertion");
    EXPECT_EQ(names_in(dir.path() / "x/y/z"), std::set<std::string>{"a.capsule"});
}

TEST(CapsuleFile, UnwritableDirectoryGivesErrorAndLeavesNothing) {
    TempDir dir;
    fs::create_directory(dir.path() / "ro");
    spit(dir / "ro/old.capsule", "old contents");
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_exec |
                                           fs::perms::others_exec | fs::perms::others_read);
    const std::string target = dir / "ro/old.capsule";
    int code = in_child([&] {
        // root writes anywhere: become nobody to meet a directory it cannot write.
        if (::geteuid() == 0 && ::setresuid(65534, 65534, 65534) != 0) return 10;
        try {
            write_capsule(file_test::rich_report(), target);
        } catch (const std::runtime_error& e) {
            const std::string expected = "cannot write " + target + ": Permission denied";
            return std::string(e.what()) == expected ? 0 : 11;
        }
        return 12;
    });
    EXPECT_EQ(code, 0);
    EXPECT_EQ(names_in(dir.path() / "ro"), std::set<std::string>{"old.capsule"});
    EXPECT_EQ(slurp(target), "old contents");
}

TEST(CapsuleFile, ParentThatIsAFileGivesError) {
    TempDir dir;
    spit(dir / "file", "x");
    try {
        write_capsule(Report{}, dir / "file/a.capsule");
        FAIL() << "wrote below a regular file";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("cannot write " + dir / "file/a.capsule" + ": cannot create", 0), 0u)
            << e.what();
    }
}

TEST(CapsuleFile, FileSizeLimitGivesErrorAndKeepsTheOldCapsule) {
    TempDir dir;
    const std::string target = dir / "a.capsule";
    Report old;
    old.kind = "snapshot";
    write_capsule(old, target);

    // Enough incompressible bytes that the zip cannot fit in the limit.
    Report big = file_test::rich_report();
    std::string noise;
    std::uint64_t state = 88172645463325252ull;
    for (int i = 0; i < 64 * 1024; ++i) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        noise += static_cast<char>('!' + state % 90);
    }
    big.message = noise;
    int code = in_child([&] {
        // Without this the kernel kills the writer instead of failing write(2).
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{16 * 1024, 16 * 1024};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 10;
        try {
            write_capsule(big, target);
        } catch (const std::runtime_error& e) {
            return std::string(e.what()) == "cannot write " + target + ": File too large" ? 0 : 11;
        }
        return 12;
    });
    EXPECT_EQ(code, 0);
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"a.capsule"});
    EXPECT_EQ(read_capsule(target).kind, "snapshot");
}

TEST(CapsuleFile, NewerFormatIsRefusedWithUpgradeAdvice) {
    TempDir dir;
    write_capsule(file_test::rich_report(), dir / "a.capsule");
    const std::string manifest = zip_entry(dir / "a.capsule", "manifest.yaml");
    const std::string json = zip_entry(dir / "a.capsule", "capsule.json");
    const std::string newer_manifest = replace_once(manifest, "format: \"1.0\"", "format: \"2.0\"");
    const std::string newer_json = replace_once(json, "\"format\":1,", "\"format\":2,");

    make_zip(dir / "both.capsule", {{"manifest.yaml", newer_manifest}, {"capsule.json", newer_json}});
    EXPECT_EQ(read_error(dir / "both.capsule"),
              dir / "both.capsule" + ": capsule format 2.0 is newer than this capsule (reads 1.x): upgrade capsule");
    // The manifest alone decides, before capsule.json is even inflated...
    make_zip(dir / "manifest.capsule", {{"manifest.yaml", newer_manifest}, {"capsule.json", "not json"}});
    EXPECT_NE(read_error(dir / "manifest.capsule").find("is newer than this capsule"), std::string::npos);
    // ...and a capsule.json that claims a newer format is refused too.
    make_zip(dir / "json.capsule", {{"manifest.yaml", manifest}, {"capsule.json", newer_json}});
    EXPECT_NE(read_error(dir / "json.capsule").find("capsule format 2.0 is newer"), std::string::npos);
    // A newer minor version only adds fields: it reads.
    make_zip(dir / "minor.capsule", {{"manifest.yaml", replace_once(manifest, "\"1.0\"", "\"1.4\"")},
                                     {"capsule.json", replace_once(json, "{", "{\"future\":{\"x\":1},")}});
    EXPECT_EQ(read_capsule(dir / "minor.capsule").kind, "assertion");
}

TEST(CapsuleFile, BrokenManifestIsNotACapsule) {
    TempDir dir;
    const std::string json = report_to_json(Report{});
    make_zip(dir / "a.capsule", {{"manifest.yaml", "- just\n- a list\n"}, {"capsule.json", json}});
    EXPECT_EQ(read_error(dir / "a.capsule"), dir / "a.capsule" + ": manifest.yaml: not a map");
    make_zip(dir / "b.capsule", {{"manifest.yaml", "format: [1\n"}, {"capsule.json", json}});
    EXPECT_NE(read_error(dir / "b.capsule").find(": manifest.yaml: "), std::string::npos);
    make_zip(dir / "c.capsule", {{"manifest.yaml", "kind: crash\n"}, {"capsule.json", json}});
    EXPECT_EQ(read_error(dir / "c.capsule"), dir / "c.capsule" + ": manifest.yaml: no format version");
    make_zip(dir / "d.capsule", {{"manifest.yaml", "format: one\n"}, {"capsule.json", json}});
    EXPECT_EQ(read_error(dir / "d.capsule"), dir / "d.capsule" + ": manifest.yaml: format: not a version number: one");
    make_zip(dir / "e.capsule", {{"manifest.yaml", "format: \"1.0\"\n"}, {"capsule.json", "{\"kind\":[]}"}});
    EXPECT_EQ(read_error(dir / "e.capsule"),
              dir / "e.capsule" + ": capsule.json: kind: expected a string, got an array");
}

TEST(CapsuleFile, HostileEntryNamesAreRefusedAndNothingIsWritten) {
    TempDir dir;
    fs::create_directory(dir.path() / "in");
    const std::string manifest = report_to_manifest_yaml(Report{});
    const std::string json = report_to_json(Report{});
    for (const std::string name : {"../evil", "/tmp/evil", "a/../../evil", "..\\evil", "ok/..", "C:evil"}) {
        SCOPED_TRACE(name);
        const std::string path = dir / "in/a.capsule";
        make_zip(path, {{"manifest.yaml", manifest}, {"capsule.json", json}, {name, "pwned"}});
        EXPECT_EQ(read_error(path), "not a capsule: " + path + ": hostile entry name \"" + name + "\"");
    }
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"in"});
    EXPECT_EQ(names_in(dir.path() / "in"), std::set<std::string>{"a.capsule"});
    // Names that only look similar are harmless.
    make_zip(dir / "in/b.capsule", {{"manifest.yaml", manifest}, {"capsule.json", json}, {"..notes/x..y", "z"}});
    EXPECT_EQ(read_error(dir / "in/b.capsule"), "");
}

TEST(CapsuleFile, NotAZipMissingOrDirectory) {
    TempDir dir;
    spit(dir / "text.capsule", "this is plain text, not a zip archive at all\n");
    EXPECT_EQ(read_error(dir / "text.capsule"), "not a capsule: " + dir / "text.capsule" + ": Not a zip archive");
    EXPECT_EQ(read_error(dir / "missing.capsule"), "cannot read " + dir / "missing.capsule" + ": No such file or directory");
    EXPECT_EQ(read_error(dir.path().string()), "cannot read " + dir.path().string() + ": Is a directory");
    spit(dir / "empty.capsule", "");
    EXPECT_EQ(read_error(dir / "empty.capsule").rfind("not a capsule: " + dir / "empty.capsule" + ": ", 0), 0u);
    make_zip(dir / "nojson.capsule", {{"manifest.yaml", report_to_manifest_yaml(Report{})}});
    EXPECT_EQ(read_error(dir / "nojson.capsule"), "not a capsule: " + dir / "nojson.capsule" + ": no capsule.json");
    make_zip(dir / "other.zip", {{"readme.txt", "hello"}});
    EXPECT_EQ(read_error(dir / "other.zip"), "not a capsule: " + dir / "other.zip" + ": no manifest.yaml");
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    EXPECT_EQ(read_error(dir / "fifo"), "cannot read " + dir / "fifo" + ": not a regular file");
}

TEST(CapsuleFile, TruncatedOrCorruptedCapsuleIsNotACapsule) {
    TempDir dir;
    write_capsule(file_test::rich_report(), dir / "a.capsule");
    const std::string whole = slurp(dir / "a.capsule");
    spit(dir / "half.capsule", whole.substr(0, whole.size() / 2));
    EXPECT_EQ(read_error(dir / "half.capsule").rfind("not a capsule: " + dir / "half.capsule" + ": ", 0), 0u);

    // Damage inside the compressed data of the first entry: the central
    // directory is intact, so only the CRC or the inflater can notice.
    std::string damaged = whole;
    for (std::size_t i = 60; i < 90; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    spit(dir / "damaged.capsule", damaged);
    EXPECT_EQ(read_error(dir / "damaged.capsule").rfind("not a capsule: " + dir / "damaged.capsule" + ": ", 0), 0u)
        << read_error(dir / "damaged.capsule");
}

// A source of `size` zero bytes made on demand: a bomb without the memory.
struct Zeros {
    zip_uint64_t size;
    zip_uint64_t done = 0;
};

zip_int64_t zeros_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto* zeros = static_cast<Zeros*>(state);
    switch (command) {
        case ZIP_SOURCE_OPEN: zeros->done = 0; return 0;
        case ZIP_SOURCE_READ: {
            zip_uint64_t n = std::min(length, zeros->size - zeros->done);
            std::memset(data, 0, n);
            zeros->done += n;
            return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE: return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(data);
            zip_stat_init(st);
            st->size = zeros->size;
            st->mtime = 0;
            st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR: return 2 * sizeof(int);
        case ZIP_SOURCE_FREE: return 0;
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                  ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default: return -1;
    }
}

void make_bomb(const std::string& path, const char* bomb_name, zip_uint64_t size, const std::string& manifest) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    Zeros zeros{size};
    if (std::string(bomb_name) != "manifest.yaml") {
        zip_source_t* m = zip_source_buffer(archive, manifest.data(), manifest.size(), 0);
        ASSERT_GE(zip_file_add(archive, "manifest.yaml", m, 0), 0);
    }
    zip_source_t* bomb = zip_source_function(archive, zeros_callback, &zeros);
    ASSERT_NE(bomb, nullptr);
    zip_int64_t index = zip_file_add(archive, bomb_name, bomb, 0);
    ASSERT_GE(index, 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
    ASSERT_EQ(zip_close(archive), 0) << zip_strerror(archive);
}

TEST(CapsuleFile, ZipBombsAreRefusedBeforeInflating) {
    TempDir dir;
    const std::string manifest = report_to_manifest_yaml(Report{});
    // 300 MiB: over the size bound.
    make_bomb(dir / "huge.capsule", "capsule.json", 300ull << 20, manifest);
    EXPECT_LT(fs::file_size(dir / "huge.capsule"), 1u << 20);
    EXPECT_EQ(read_error(dir / "huge.capsule"),
              "not a capsule: " + dir / "huge.capsule" + ": entry capsule.json is 314572800 bytes uncompressed "
              "(limit 268435456)");
    // 8 MiB: small enough, but about 1000:1.
    make_bomb(dir / "dense.capsule", "capsule.json", 8ull << 20, manifest);
    const std::string dense = read_error(dir / "dense.capsule");
    EXPECT_EQ(dense.rfind("not a capsule: " + dir / "dense.capsule" + ": entry capsule.json inflates ", 0), 0u)
        << dense;
    EXPECT_NE(dense.find("bytes to 8388608 (a zip bomb?)"), std::string::npos) << dense;
    // The manifest has a bound of its own.
    make_bomb(dir / "manifest.capsule", "manifest.yaml", 2ull << 20, manifest);
    EXPECT_NE(read_error(dir / "manifest.capsule").find("entry manifest.yaml is 2097152 bytes"), std::string::npos);
}

}  // namespace
}  // namespace capsule

// Hostile input to the CI step and the repository commands: JUnit reports
// with external entities, a "billion laughs", 100,000 nested elements or
// millions of tags given to `capsule ci bundle`; a hostile capsule inside a
// repository that `ci bundle`, `ci diff`, `list`, `vars --by-name` and `show`
// read. Under a 1 GiB address-space limit, each ends with a clear line and
// writes nothing outside its output directory.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_run.hpp"
#include "hostile_run.hpp"
#include "hostile_zip.hpp"

namespace capsule::hostile {
namespace {

namespace fs = std::filesystem;

const std::string good_junit =
    "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"Repo\" tests=\"1\">"
    "<testcase classname=\"Repo\" name=\"Fails\"><failure message=\"boom\"/></testcase>"
    "</testsuite></testsuites>\n";

std::string first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

class HostileCi : public ::testing::Test {
protected:
    void SetUp() override {
        repo_ = dir_ / "repo";
        capsules_ = clitest::victim(repo_, {"assert", "1"});
        capsules_.push_back(clitest::victim(repo_, {"assert", "2"}).at(0));
        ASSERT_EQ(capsules_.size(), 2u);
        good_junit_ = write("good.xml", good_junit);
        out_ = dir_ / "out";
    }

    void TearDown() override {
        std::cout << "[ peak RSS ] " << peak_kib_ / 1024 << " MiB over every command of this test\n";
    }

    std::string write(const std::string& name, const std::string& text) {
        const std::string path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    Result run(const std::vector<std::string>& args) {
        Result r = run_capsule(args, dir_.path());
        peak_kib_ = std::max(peak_kib_, r.peak_rss_kib);
        return r;
    }

    // `ci bundle` with `junit` refuses it and writes nothing at all.
    void expect_bundle_refuses(const std::string& junit, const std::string& problem) {
        const auto before = clitest::tree_state(dir_.path());
        const Result r = run({"ci", "bundle", "--junit", junit, "--repo", repo_, "--out", out_});
        EXPECT_EQ(refusal_problem(r, junit, problem), "");
        EXPECT_EQ(clitest::tree_state(dir_.path()), before) << "ci bundle wrote something";
    }

    clitest::TempDir dir_;
    std::string repo_, out_, good_junit_;
    std::vector<std::string> capsules_;
    long peak_kib_ = 0;
};

TEST_F(HostileCi, TheGoodReportIsBundled) {
    const Result r = run({"ci", "bundle", "--junit", good_junit_, "--repo", repo_, "--out", out_});
    EXPECT_EQ(r.code, 0) << r.describe();
    EXPECT_TRUE(fs::exists(out_ + "/junit/good.xml"));
}

TEST_F(HostileCi, ExternalEntitiesAreRefusedAndNeverRead) {
    const std::string secret = "hostile-secret-5f0c2e";
    const std::string secret_file = write("secret.txt", secret + "\n");
    const std::string passwd = first_line("/etc/passwd");
    ASSERT_FALSE(passwd.empty());
    const std::string dtd = "<!DOCTYPE testsuites [\n"
                            "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                            "  <!ENTITY own SYSTEM \"file://" + secret_file + "\">\n"
                            "  <!ENTITY % remote SYSTEM \"file://" + secret_file + "\">\n"
                            "]>\n";
    const std::string body = "<testsuites><testsuite name=\"&xxe;\"><testcase classname=\"&own;\" name=\"&xxe;\">"
                             "<failure message=\"&xxe;&own;\">&xxe;</failure></testcase></testsuite></testsuites>\n";
    const std::vector<std::pair<std::string, std::string>> reports{
        {"xxe.xml", "<?xml version=\"1.0\"?>\n" + dtd + body},
        // Behind a comment and a processing instruction, and without the XML declaration.
        {"hidden.xml", "<!-- a ctest report -->\n<?xml-stylesheet href=\"x\"?>\n" + dtd + body},
        {"bare.xml", dtd + body},
    };
    for (const auto& [name, text] : reports) {
        SCOPED_TRACE(name);
        const std::string junit = write(name, text);
        const Result r = run({"ci", "bundle", "--junit", junit, "--repo", repo_, "--out", out_});
        EXPECT_EQ(refusal_problem(r, junit, "not a JUnit report: it declares a DOCTYPE"), "");
        EXPECT_EQ(r.out.find(passwd), std::string::npos);
        EXPECT_EQ(r.err.find(passwd), std::string::npos);
        EXPECT_EQ(r.out.find(secret), std::string::npos);
        EXPECT_EQ(r.err.find(secret), std::string::npos);
        EXPECT_FALSE(fs::exists(out_)) << "nothing is written for a refused report";
    }
}

TEST_F(HostileCi, BillionLaughsAreRefusedWithinBoundedMemory) {
    std::string dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n";
    for (int level = 1; level < 10; ++level) {
        dtd += "<!ENTITY lol" + std::to_string(level) + " \"";
        for (int i = 0; i < 10; ++i) dtd += "&lol" + std::to_string(level - 1) + ";";
        dtd += "\">\n";
    }
    dtd += "]>\n<testsuites><testsuite name=\"s\"><testcase classname=\"c\" name=\"&lol9;\">"
           "<failure message=\"&lol9;\">&lol9;</failure></testcase></testsuite></testsuites>\n";
    expect_bundle_refuses(write("laughs.xml", dtd), "not a JUnit report: it declares a DOCTYPE");
    EXPECT_LT(peak_kib_, memory_bound_kib(64 * 1024));
}

TEST_F(HostileCi, ElementsNested100000DeepAreRefused) {
    std::string deep = "<testsuites>";
    for (int i = 0; i < 100000; ++i) deep += "<testsuite name=\"s\">";
    for (int i = 0; i < 100000; ++i) deep += "</testsuite>";
    deep += "</testsuites>\n";
    expect_bundle_refuses(write("deep.xml", deep), "not a JUnit report: ");
    std::string anything = "<testsuites>";
    for (int i = 0; i < 100000; ++i) anything += "<a>";
    for (int i = 0; i < 100000; ++i) anything += "</a>";
    anything += "</testsuites>\n";
    expect_bundle_refuses(write("deep-any.xml", anything), "not a JUnit report: ");
    EXPECT_LT(peak_kib_, memory_bound_kib(64 * 1024));
}

TEST_F(HostileCi, MillionsOfTagsOrAHugeFileAreRefused) {
    std::string many = "<testsuites>";
    for (int i = 0; i < 2'000'000; ++i) many += "<a/>";
    many += "</testsuites>\n";
    expect_bundle_refuses(write("many.xml", many), "not read: more than 2000000 tags and attributes");

    std::string attributes = "<testsuites><testsuite name=\"s\"><testcase";
    for (int i = 0; i < 2'000'000; ++i) attributes += " a" + std::to_string(i) + "=\"\"";
    attributes += "/></testsuite></testsuites>\n";
    expect_bundle_refuses(write("attributes.xml", attributes), "not read: more than 2000000 tags and attributes");

    // Sparse: 129 MiB on no disk space, refused before a byte is read.
    const std::string huge = dir_ / "huge.xml";
    const int fd = ::open(huge.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, 129 << 20), 0);
    ::close(fd);
    expect_bundle_refuses(huge, "not read: 135266304 bytes (limit 134217728)");
    EXPECT_LT(peak_kib_, memory_bound_kib(256 * 1024));
}

// A FIFO would block the reader's open until someone writes to it.
TEST_F(HostileCi, AFifoOrADirectoryIsRefusedWithoutWaiting) {
    const std::string fifo = dir_ / "fifo.xml";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expect_bundle_refuses(fifo, "cannot read JUnit report: not a regular file");
    const std::string dir = dir_ / "dir.xml";
    fs::create_directory(dir);
    expect_bundle_refuses(dir, "cannot read JUnit report: not a regular file");
}

// Just below the bound on tags, a report is read and annotated within the limit.
TEST_F(HostileCi, JustBelowTheTagBoundFitsInMemory) {
    if (!address_space_limited()) GTEST_SKIP() << "no address-space limit under AddressSanitizer";
    std::string many = "<testsuites><testsuite name=\"Repo\">";
    for (int i = 0; i < 999'000; ++i) many += "<testcase name=\"t\"/>";  // a tag and an attribute each
    many += "</testsuite></testsuites>\n";
    const Result r = run({"ci", "bundle", "--junit", write("wide.xml", many), "--repo", repo_, "--out", out_});
    EXPECT_EQ(r.code, 0) << r.describe();
    EXPECT_TRUE(fs::exists(out_ + "/junit/wide.xml"));
}

// A repository where one capsule was replaced by a hostile file (its index
// line kept): readers of the repository skip it with one warning naming it.
class HostileRepository : public HostileCi {
protected:
    void SetUp() override {
        HostileCi::SetUp();
        hostile_ = capsules_.at(0);
        std::ofstream(hostile_, std::ios::binary | std::ios::trunc)
            << zip_bytes({stored("../../../../../../x", "pwned"), zero_bomb("capsule.json", 1ull << 30)});
    }
    std::string hostile_;
};

TEST_F(HostileRepository, CiBundleSkipsItWithOneWarning) {
    const std::string outside = fs::path(dir_.path()).parent_path() / "x";
    const bool existed = fs::exists(outside);
    const auto repo_before = clitest::tree_state(repo_);
    const Result r = run({"ci", "bundle", "--junit", good_junit_, "--repo", repo_, "--out", out_});
    EXPECT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(lines_containing(r.err, hostile_), 1) << r.err;
    EXPECT_EQ(lines_containing(r.err, "hostile entry name \"../../../../../../x\""), 1) << r.err;
    EXPECT_NE(r.err.find("capsule: 1 capsule,"), std::string::npos) << r.err;
    EXPECT_EQ(clitest::tree_state(repo_), repo_before);
    EXPECT_EQ(fs::exists(outside), existed);
    // The good capsule is in the bundle, the hostile one is not.
    int bundled = 0;
    for (const auto& entry : fs::recursive_directory_iterator(out_ + "/capsules"))
        if (entry.path().extension() == ".capsule") ++bundled;
    EXPECT_EQ(bundled, 1);
}

TEST_F(HostileRepository, CiDiffSkipsItWithOneWarning) {
    const Result r = run({"ci", "diff", "--base", repo_, "--head", repo_, "--fail-on", "never"});
    EXPECT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(lines_containing(r.err, hostile_), 2) << "once for each side\n" << r.err;
}

TEST_F(HostileRepository, ListAndVarsByNameStillWork) {
    const auto before = clitest::tree_state(dir_.path());
    const Result list = run({"list", "--all", "--repo", repo_});
    EXPECT_EQ(list.code, 0) << list.describe();
    EXPECT_EQ(list.err, "");
    const Result vars = run({"vars", "--by-name", "--repo", repo_});
    EXPECT_EQ(vars.code, 0) << vars.describe();
    EXPECT_EQ(lines_containing(vars.out + vars.err, hostile_), 1) << vars.out << vars.err;
    const Result show = run({"show", hostile_});
    EXPECT_EQ(refusal_problem(show, hostile_, "hostile entry name"), "");
    EXPECT_EQ(clitest::tree_state(dir_.path()), before);
}

}  // namespace
}  // namespace capsule::hostile

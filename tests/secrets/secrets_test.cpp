// The leak test: a failing test holding 30 secrets (secrets_victim.cpp) runs
// with capsule; then every file capsule writes or derives from the capsule
// (the repository with its index, each capsule's unpacked entries, `capsule
// show` text and JSON, vars, env, HTML, and the `capsule ci bundle` output with
// the annotated JUnit and the summaries) is searched for every secret.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "capsule/file.hpp"
#include "run_process.hpp"

namespace capsule::testing {
namespace {

namespace fs = std::filesystem;

// Each secret with the text that must never appear; for a value recognised by
// its look, the part that is unique to it (the JWT header is shared).
struct Secret {
    const char* where;
    const char* needle;
};

const std::vector<Secret>& secrets() {
    static const std::vector<Secret> all = {
        {"local db_password", "s01pw-db-Q7rT2"},
        {"local api_key", "s02ak-live-5f9d2c81"},
        {"local char array auth_header", "s03basic-dXNlcjpz"},
        {"local refresh_token", "s04rt-3a8b1c9d"},
        {"local integer secret_pin", "80418127554"},
        {"local JWT", "eyJzdWIiOiJzMDYifQ.s06c2lnbmF0dXJl"},
        {"local AWS key id", "AKIAS07EXAMPLE7Q2W3E"},
        {"local Bearer token", "s08opaque-9x8y7z"},
        {"local PEM private key", "MIIs09privatekeybody"},
        {"member creds.password", "s10member-pass"},
        {"member creds.token", "s11member-tok"},
        {"member holding a JWT", "eyJzdWIiOiJzMTIifQ.s12c2lnbmF0dXJl"},
        {"nested member private_key", "s13nested-privkey"},
        {"member of a second struct", "s14other-pass"},
        {"vector element JWT", "eyJzdWIiOiJzMTUifQ.s15c2lnbmF0dXJl"},
        {"vector element AWS key id", "AKIAS16EXAMPLE8R3T4Y"},
        {"vector element Bearer token", "s17opaque-1a2b3c"},
        {"member of a vector element", "s18vector-member-pass"},
        {"map value under key password", "s19map-value"},
        {"map value under key api_token", "s20map-value"},
        {"map key JWT", "eyJzdWIiOiJzMjEifQ.s21c2lnbmF0dXJl"},
        {"map key AWS key id", "AKIAS22EXAMPLE9U5I6O"},
        {"unordered_map value under client_secret", "s23umap-value"},
        {"map value JWT", "eyJzdWIiOiJzMjQifQ.s24c2lnbmF0dXJl"},
        {"environment GITHUB_TOKEN", "s25env-github"},
        {"environment BUILD_SECRET", "s26env-build"},
        {"environment RUNNER_NOTE (JWT)", "eyJzdWIiOiJzMjcifQ.s27c2lnbmF0dXJl"},
        {"environment read into a local", "s28env-deploy"},
        {"command line --password=", "s29cli-pass"},
        {"command line --token VALUE", "s30cli-tok"},
    };
    return all;
}

// What is distinctive from a secret's first characters on: its first six
// (each starts with its own number), or a JWT's payload (the header is shared).
std::string prefix(const std::string& needle) {
    if (needle.rfind("eyJ", 0) == 0) return needle.substr(0, needle.find('.'));
    if (needle.rfind("AKIA", 0) == 0) return needle.substr(0, 10);
    return needle.substr(0, 6);
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every entry of a zip, decompressed: the capsule as anyone unpacking it sees it.
std::vector<std::pair<std::string, std::string>> unpack(const std::string& path) {
    std::vector<std::pair<std::string, std::string>> entries;
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!archive) {
        ADD_FAILURE() << "cannot open " << path << " as a zip";
        return entries;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t st;
        zip_stat_index(archive, i, 0, &st);
        std::string data(st.size, '\0');
        zip_file_t* file = zip_fopen_index(archive, i, 0);
        if (!file) continue;
        zip_int64_t got = zip_fread(file, data.data(), data.size());
        zip_fclose(file);
        data.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
        entries.emplace_back(path + ":" + st.name, data);
    }
    zip_close(archive);
    return entries;
}

class SecretsLeak : public ::testing::Test {
protected:
    // Every output collected so far: where it came from and its text.
    std::vector<std::pair<std::string, std::string>> outputs;

    void add_tree(const fs::path& dir) {
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            if (!entry.is_regular_file()) continue;
            const std::string path = entry.path().string();
            outputs.emplace_back(path, slurp(entry.path()));
            if (entry.path().extension() == ".capsule")
                for (auto& unpacked : unpack(path)) outputs.push_back(std::move(unpacked));
        }
    }

    Outcome cli(const std::vector<std::string>& args) {
        RunSpec spec;
        spec.program = CAPSULE_CLI;
        spec.args = args;
        spec.timeout_s = 600;
        Outcome r = run_process(spec);
        outputs.emplace_back("capsule " + args[0] + " output", r.output);
        return r;
    }

    TempDir dir;
};

TEST_F(SecretsLeak, NoOutputFileHoldsAnySecret) {
    ASSERT_EQ(secrets().size(), 30u);
    const std::string repo = dir.path() + "/repo";
    const std::string junit = dir.path() + "/junit.xml";
    RunSpec spec;
    spec.program = SECRETS_VICTIM;
    spec.args = {"--gtest_output=xml:" + junit, "--password=s29cli-pass", "--token", "s30cli-tok"};
    spec.env = {"CAPSULE_OUTPUT_DIR=" + repo,
                // The whole test function in every snippet: all the literals.
                "CAPSULE_SNIPPET_CONTEXT=80",
                "GITHUB_TOKEN=s25env-github", "BUILD_SECRET=s26env-build",
                "RUNNER_NOTE=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMjcifQ.s27c2lnbmF0dXJl",
                "DEPLOY_PASSWORD=s28env-deploy"};
    spec.cwd = dir.path();
    spec.timeout_s = 600;
    const Outcome run = run_process(spec);
    ASSERT_TRUE(run.exited && run.exit_code == 1) << run.status() << "\n" << run.output;
    const std::vector<std::string> found = capsule_files(repo);
    ASSERT_EQ(found.size(), 1u) << run.output;
    const std::string capsule = found[0];

    // The secrets really were in the failing frame and the run: masked, not absent.
    const Report report = read_capsule(capsule);
    const Frame* test_frame = nullptr;
    for (const Thread& thread : report.threads)
        for (const Frame& frame : thread.frames)
            if (frame.function.find("EverywhereAFailingTestKeepsThem") != std::string::npos)
                test_frame = &frame;
    ASSERT_NE(test_frame, nullptr);
    int masked = 0;
    for (const Variable& v : test_frame->vars)
        if (v.status == ValueStatus::masked) ++masked;
    EXPECT_GE(masked, 8) << "the failing frame should show masked locals";
    bool snippet_has_literals = false;
    for (const SourceLine& line : test_frame->snippet)
        if (line.text.find("db_password") != std::string::npos) snippet_has_literals = true;
    EXPECT_TRUE(snippet_has_literals) << "the snippet should reach the secrets' lines";
    EXPECT_TRUE(report.environment.count("GITHUB_TOKEN"));
    EXPECT_TRUE(report.environment.count("BUILD_SECRET"));
    EXPECT_TRUE(report.environment.count("RUNNER_NOTE"));
    ASSERT_GE(report.command_line.size(), 4u);

    add_tree(repo);
    cli({"show", capsule});
    cli({"show", "--json", capsule});
    cli({"vars", capsule});
    cli({"env", capsule});
    cli({"stack", capsule});
    const std::string html = dir.path() + "/page.html";
    EXPECT_EQ(cli({"html", capsule, "-o", html}).exit_code, 0);
    outputs.emplace_back(html, slurp(html));
    const std::string bundle = dir.path() + "/bundle";
    const Outcome bundled = cli({"ci", "bundle", "--junit", junit, "--repo", repo, "--out", bundle});
    EXPECT_EQ(bundled.exit_code, 0) << bundled.output;
    ASSERT_TRUE(fs::exists(bundle + "/summary.md"));
    add_tree(bundle);

    for (const Secret& secret : secrets())
        for (const auto& [where, text] : outputs) {
            EXPECT_EQ(text.find(secret.needle), std::string::npos)
                << secret.where << " (" << secret.needle << ") leaks into " << where;
            // A value cut short by a bound must not leak its beginning either.
            const std::string start = prefix(secret.needle);
            EXPECT_EQ(text.find(start), std::string::npos)
                << "the start of " << secret.where << " (" << start << ") leaks into " << where;
        }
}

}  // namespace
}  // namespace capsule::testing

// capsule explore driven through stdin, on a capsule a real program stored:
// a linked list whose nodes are reached from several variables, a
// shared_ptr and a raw pointer to one object.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <sstream>

#include "cli_run.hpp"

namespace capsule {
namespace {

using clitest::Outcome;

std::size_t position(const std::string& text, const std::string& part, std::size_t from = 0) {
    const std::size_t at = text.find(part, from);
    EXPECT_NE(at, std::string::npos) << "missing: " << part << "\nin:\n" << text;
    return at;
}

class Explore : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<clitest::TempDir>();
        capsule_ = clitest::victim(*dir_ / "repo", {"assert", "1"}).at(0);
    }
    static void TearDownTestSuite() { dir_.reset(); }

    static Outcome explore(const std::string& script, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"explore", capsule_};
        args.insert(args.end(), extra.begin(), extra.end());
        clitest::RunSetup setup;
        setup.input = script;
        return clitest::capsule(args, setup);
    }

    static std::unique_ptr<clitest::TempDir> dir_;
    static std::string capsule_;
};

std::unique_ptr<clitest::TempDir> Explore::dir_;
std::string Explore::capsule_;

TEST_F(Explore, FramesAndMovingBetweenThem) {
    const Outcome r = explore("frames\nup\nwhere\ndown\nwhere\n");
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out.find("capsule>"), std::string::npos) << "a prompt without a terminal";
    // The explorer starts at the failing frame.
    const std::size_t frames = position(r.out, "> #0  (anonymous namespace)::check_inventory at ");
    position(r.out, "  #1  main at ", frames);
    const std::size_t up = position(r.out, "#1  main at ", frames + 20);
    position(r.out, "argc = 4  (int)\n", up);
    const std::size_t where = position(r.out, "  frame #1  main at ", up);
    const std::size_t down = position(r.out, "#0  (anonymous namespace)::check_inventory at ", where);
    position(r.out, "total = 6  (int)\n", down);
    position(r.out, "  frame #0  (anonymous namespace)::check_inventory", down);
    position(r.out, "no object selected", down);
}

TEST_F(Explore, PointersAreEdgesAndSharedObjectsOneNode) {
    const Outcome r = explore("go tail\nin\ngo second\nout\ngo raw_config\nin\n");
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    // tail points at the stack variable `third`: going to tail selects that object.
    const std::size_t third = position(r.out, "Node @0x");
    position(r.out, "  third\n  value = {value = 31, next = 0x0}\n", third);
    // Who points at it: it is the variable third itself, second's next, and tail.
    const std::size_t in = position(r.out, "  frame #0 variable third is this object\n", third);
    position(r.out, "  second  via .next\n", in);
    position(r.out, "  frame #0 variable tail  via tail\n", in);
    // second (also reached as *head->next and as the reference middle) is one node.
    const std::size_t out = position(r.out, "  .next -> #", in);
    position(r.out, "  third\n", out);
    // The shared_ptr's object and raw_config's are one, with two referrers.
    const std::size_t config = position(r.out, "Config @0x", out);
    position(r.out, "  frame #0 variable config  via config\n", config);
    position(r.out, "  frame #0 variable raw_config  via raw_config\n", config);
}

TEST_F(Explore, PathTopAndHistory) {
    const Outcome r = explore("go inventory\nout\ngo *head\npath\ngo inventory.items[1]\npath\ntop 3\n"
                              "back\nforward\nforward\nwhere\n");
    EXPECT_EQ(r.code, 2) << "the failed forward makes a scripted session fail";
    // inventory.first points at the heap node head points at.
    const std::size_t first = position(r.out, "  .first -> #");
    position(r.out, "  *head\n", first);
    // The shortest way there from the current frame: the pointer head.
    const std::size_t path = position(r.out, "  frame #0 variable head\n  --head-->  #", first);
    // An element: through the members of the variable inventory.
    const std::size_t item = position(r.out, "  frame #0 variable inventory  #", path);
    position(r.out, "    .items    #", item);
    position(r.out, "    [1]    #", item);
    // Objects referenced twice: the heap node, second, third and the Config.
    const std::size_t top = position(r.out, "   2  #", item);
    position(r.out, "   2  #", top + 1);
    position(r.out, "   2  #", r.out.find("   2  #", top + 1) + 1);
    EXPECT_EQ(r.out.substr(top).find("   1  #"), std::string::npos) << r.out.substr(top);
    // back returns to *head; forward to the item again; a second forward has nowhere to go.
    const std::size_t back = position(r.out, "  *head\n  value = ", top);
    const std::size_t forward = position(r.out, "  inventory.items[1]\n  value = ", back);
    const std::size_t error = position(r.out, "error: nothing to go forward to\n", forward);
    position(r.out, "  at #", error);
}

TEST_F(Explore, BadCommandsAreReportedAndTheSessionGoesOn) {
    const Outcome r = explore("bogus\ngo nosuchvariable\ngo total\ngo 0xzz\ngo 0x1\ngo #99999\nout\nup 1 2\nhelp\n");
    EXPECT_EQ(r.code, 2);
    position(r.out, "error: unknown command \"bogus\" (try help)\n");
    position(r.out, "error: no variable \"nosuchvariable\" in frame #0");
    position(r.out, "error: total is int 6, not an object");
    position(r.out, "error: \"0xzz\" is not an address\n");
    position(r.out, "error: no captured object at 0x1\n");
    position(r.out, "error: no object #99999\n");
    position(r.out, "error: no object selected (go NAME first)\n");
    position(r.out, "error: up takes at most one number\n");
    position(r.out, "back, forward");  // help still ran
    // An empty script and comments are fine; quit ends before the rest.
    const Outcome quiet = explore("\n# a comment\n\nquit\nbogus\n");
    EXPECT_EQ(quiet.code, 0) << quiet.out;
    EXPECT_EQ(quiet.out, "");
}

TEST_F(Explore, JsonIsOneObjectPerCommand) {
    const Outcome r = explore("frames\ngo head\nout\nin\npath\ntop\nwhere\nbogus\n", {"--json"});
    EXPECT_EQ(r.code, 2);
    std::istringstream lines(r.out);
    std::vector<nlohmann::json> answers;
    for (std::string line; std::getline(lines, line);) answers.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(answers.size(), 8u) << r.out;
    EXPECT_EQ(answers[0]["command"], "frames");
    EXPECT_EQ(answers[0]["result"]["frames"][0]["function"], "(anonymous namespace)::check_inventory");
    EXPECT_EQ(answers[0]["result"]["frames"][0]["current"], true);
    const auto& node = answers[1]["result"]["node"];
    EXPECT_EQ(node["name"], "*head");
    EXPECT_EQ(node["type"], "(anonymous namespace)::Node");
    EXPECT_EQ(node["address"].get<std::string>().rfind("0x", 0), 0u);
    EXPECT_EQ(node["members"][0]["name"], "value");
    EXPECT_EQ(node["members"][0]["value"], "11");
    const auto& out = answers[2]["result"]["edges"];
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0]["label"], ".next");
    EXPECT_EQ(out[0]["to"]["name"], "second");
    const auto& in = answers[3]["result"]["edges"];
    ASSERT_EQ(in.size(), 2u);
    EXPECT_EQ(in[0]["from"]["variable"]["variable"], "head");
    EXPECT_EQ(in[1]["from"]["name"], "inventory");
    EXPECT_EQ(in[1]["label"], ".first");
    EXPECT_EQ(answers[4]["result"]["variable"]["variable"], "head");
    EXPECT_EQ(answers[4]["result"]["steps"][0]["label"], "head");
    EXPECT_EQ(answers[5]["result"]["objects"][0]["references"], 2);
    EXPECT_EQ(answers[6]["result"]["node"]["id"], node["id"]);
    EXPECT_EQ(answers[7]["ok"], false);
    EXPECT_EQ(answers[7]["error"], "unknown command \"bogus\" (try help)");
}

TEST_F(Explore, PromptsOnlyOnATerminal) {
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("NO_COLOR", "1", 1);
        ::execl(CAPSULE_CLI, CAPSULE_CLI, "explore", capsule_.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const std::string script = "where\nquit\n";
    ASSERT_EQ(::write(master, script.data(), script.size()), static_cast<ssize_t>(script.size()));
    std::string out;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n > 0) out.append(buffer, static_cast<std::size_t>(n));
        else if (n < 0 && errno == EINTR) continue;
        else break;
    }
    ::close(master);
    EXPECT_EQ(clitest::wait_for(pid), 0);
    EXPECT_NE(out.find("type help"), std::string::npos) << out;
    EXPECT_NE(out.find("capsule> "), std::string::npos) << out;
    EXPECT_NE(out.find("frame #0  (anonymous namespace)::check_inventory"), std::string::npos) << out;
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << "NO_COLOR is honoured";
}

}  // namespace
}  // namespace capsule

// A program built against libc++ (clang -stdlib=libc++): its string, vector,
// unique_ptr, shared_ptr, weak_ptr, map and set read with the same words as
// libstdc++'s, and the capsule says which library it saw. The victim cannot
// link capsule (built against libstdc++), so it stops itself and this test
// captures it from outside, at -O0 and -O2.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capsule/capture.hpp"
#include "capsule/file.hpp"
#include "report_query.hpp"
#include "victim_run.hpp"

namespace capsule::integration {
namespace {

// Runs the victim until it stops itself; killed when done with.
class StoppedVictim {
public:
    explicit StoppedVictim(const std::string& path) {
        pid_ = fork();
        if (pid_ == 0) {
            execl(path.c_str(), path.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        stopped_ = pid_ > 0 && waitpid(pid_, &status, WUNTRACED) == pid_ && WIFSTOPPED(status);
    }
    ~StoppedVictim() {
        if (pid_ <= 0) return;
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    StoppedVictim(const StoppedVictim&) = delete;
    StoppedVictim& operator=(const StoppedVictim&) = delete;
    pid_t pid() const { return pid_; }
    bool stopped() const { return stopped_; }

private:
    pid_t pid_ = -1;
    bool stopped_ = false;
};

class StdViewsLibcxx : public ::testing::TestWithParam<std::string> {};

TEST_P(StdViewsLibcxx, ViewsAndLibraryName) {
    const bool optimized = GetParam() == "O2";
    StoppedVictim victim(victim_binary("std_views_libcxx", "clang-" + GetParam()));
    ASSERT_TRUE(victim.stopped());
    Failure failure;
    failure.kind = "timeout";
    const Report captured = capture_process(victim.pid(), failure);
    // Through the file, as every reader sees it.
    TempDir dir;
    write_capsule(captured, dir.path() + "/libcxx.capsule");
    const Report report = read_capsule(dir.path() + "/libcxx.capsule");
    EXPECT_EQ(report.std_library, "libc++");

    const Thread& thread = failing_thread(report);
    SCOPED_TRACE(describe(thread));
    const Frame* frame = nullptr;
    for (const Frame& f : thread.frames)
        if (without_parameters(f.function) == "libcxx_frame") frame = &f;
    ASSERT_NE(frame, nullptr);
    const Frame& f = *frame;
    expect_frame(f, "libcxx_frame", "std_views_libcxx.cpp",
                 marker_line(victim_source("libcxx/std_views_libcxx"), "CAPTURE-LINE"));

    expect_var(f, "short_text", "local", "\"kiwi\"");
    expect_var(f, "heap_text", "local", "\"a string long enough to live on the heap\"");
    expect_var(f, "wide", "local", "L\"wide\"");
    if (const Variable* v = expect_var(f, "numbers", "local",
                                       "std::vector of length 3, capacity 3 = {11, 22, 33}"))
        EXPECT_EQ(child_values(*v), (std::vector<std::string>{"11", "22", "33"}));
    expect_var(f, "flags", "local",
               "std::vector<bool> of length 4, capacity 64 = {true, false, true, true}");
    expect_var(f, "words", "local", "std::vector of length 2, capacity 2 = {\"alpha\", \"beta\"}");
    if (const Variable* v = expect_var_matching(f, "owned", "local",
                                                R"(std::unique_ptr<int> = \{get\(\) = 0x[0-9a-f]+\})")) {
        ASSERT_EQ(v->children.size(), 1u);
        EXPECT_EQ(v->children[0].value, "42");
    }
    expect_var(f, "empty_owner", "local", "std::unique_ptr<int> = {get() = 0x0}");

    // clang -O2 leaves libc++'s control block undefined in DWARF (its vtable
    // is in libc++.so): the counts are then unknown, the object is not.
    const std::string shared_counts = optimized ? "use count unknown" : "use count 2, weak count 1";
    const std::string pattern = R"( \()" + shared_counts + R"(\) = \{get\(\) = 0x[0-9a-f]+\})";
    const Variable* shared = expect_var_matching(f, "shared", "local", "std::shared_ptr<Point>" + pattern);
    const Variable* second = expect_var_matching(f, "second_owner", "local", "std::shared_ptr<Point>" + pattern);
    expect_var_matching(f, "observer", "local", "std::weak_ptr<Point>" + pattern);
    if (shared && second) {
        ASSERT_EQ(shared->children.size(), 1u);
        EXPECT_EQ(shared->children[0].value, "{x = 1, y = 2}");
        // Two owners, one object: one node, the second a reference to it.
        ASSERT_EQ(second->children.size(), 1u);
        EXPECT_EQ(second->children[0].node, shared->children[0].node);
        EXPECT_TRUE(second->children[0].value.starts_with("-> @node ")) << second->children[0].value;
    }

    if (const Variable* v = expect_var(f, "by_id", "local",
                                       "std::map with 3 elements = {[1] = \"one\", [2] = \"two\", [3] = \"three\"}")) {
        ASSERT_EQ(v->children.size(), 6u);
        EXPECT_EQ(v->children[4].kind, "key");
        EXPECT_EQ(v->children[4].value, "3");
        EXPECT_EQ(v->children[5].kind, "value");
        EXPECT_EQ(v->children[5].value, "\"three\"");
    }
    expect_var(f, "empty_map", "local", "std::map with 0 elements");
    expect_var(f, "primes", "local", "std::set with 3 elements = {[0] = 3, [1] = 5, [2] = 7}");
}

INSTANTIATE_TEST_SUITE_P(Victims, StdViewsLibcxx, ::testing::Values("O0", "O2"),
                         [](const auto& info) { return "clang_" + std::string(info.param); });

}  // namespace
}  // namespace capsule::integration

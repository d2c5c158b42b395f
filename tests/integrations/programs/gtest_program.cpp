// A GoogleTest program (Debian's prebuilt GoogleTest this time, not one built
// from source) with its own main() that calls capsule::gtest::install: the
// failures the samples do not have, one per test, picked with --gtest_filter.
// Built twice: with capsule (CAPSULE_PROGRAM defined) and without, so the
// tests can compare exit statuses.
#include <dlfcn.h>
#include <fcntl.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#ifdef CAPSULE_PROGRAM
#include "capsule/gtest.hpp"
#endif

namespace {

// noinline everywhere: the tests look for these frames by name.
__attribute__((noinline)) int checked_ratio(int total, int parts) {
    const int ratio = total / parts;  // SIGFPE when parts is 0
    return ratio;
}

__attribute__((noinline)) void store_through(int* slot, int value) {
    const int doubled = value * 2;
    *slot = doubled;  // SIGSEGV when slot is null
}

__attribute__((noinline)) int recurse_forever(int depth) {
    volatile char pad[256];
    pad[0] = static_cast<char>(depth);
    return recurse_forever(depth + 1) + pad[0];
}

__attribute__((noinline)) char read_past_end_of_file(const char* path) {
    // A page mapped from a file that is then truncated: touching it is SIGBUS.
    const int fd = ::open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::ftruncate(fd, 4096) != 0) std::abort();
    char* page = static_cast<char*>(::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, 0));
    if (page == MAP_FAILED || ::ftruncate(fd, 0) != 0) std::abort();
    const int mapped_bytes = 4096;
    return page[mapped_bytes / 2];
}

// A copy of this program's file mapped just below the program, anonymous
// memory between them: where libdw's own mapping of an ELF file it reads
// (capsule's, earlier in the run) may land, by chance of the address layout.
// The crash must still be found in the program, not in the copy (issue 5).
bool map_copy_of_program_below_it() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&map_copy_of_program_below_it), &info) == 0) return false;
    const auto base = reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    const int fd = ::open("/proc/self/exe", O_RDONLY);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) return false;
    const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t size = (static_cast<std::uintptr_t>(st.st_size) + page - 1) & ~(page - 1);
    const std::uintptr_t gap = 16 * page;
    void* anon = ::mmap(reinterpret_cast<void*>(base - gap), gap, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    void* copy = ::mmap(reinterpret_cast<void*>(base - gap - size), size, PROT_READ,
                        MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
    ::close(fd);
    return anon == reinterpret_cast<void*>(base - gap) &&
           copy == reinterpret_cast<void*>(base - gap - size);
}

// A leaf without CFI that keeps its return address at [rsp], as glibc's
// clone3 is after its syscall: it raises the flag, then spins.
extern "C" void spin_without_cfi(volatile int* started);
asm(".text\n.globl spin_without_cfi\n.type spin_without_cfi, @function\n"
    "spin_without_cfi:\n  movl $1, (%rdi)\n1:\n  pause\n  jmp 1b\n"
    ".size spin_without_cfi, .-spin_without_cfi\n");

__attribute__((noinline)) void spins_in_a_leaf_without_cfi(volatile int* started) {
    const int spinner_input = 5;
    spin_without_cfi(started);
    std::printf("%d\n", spinner_input);  // never reached
}

// On purpose: the throw ends in std::terminate.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wterminate"
__attribute__((noinline)) void throws_through_noexcept() noexcept {
    const int code = 17;
    throw std::runtime_error("thrown through noexcept: " + std::to_string(code));
}
#pragma GCC diagnostic pop

}  // namespace

// The tests at namespace scope, as most projects write them.
template <typename T>
class Typed : public ::testing::Test {};
using TypedTypes = ::testing::Types<int, long>;
TYPED_TEST_SUITE(Typed, TypedTypes);

TYPED_TEST(Typed, SizeIsFour) {
    const TypeParam value = 3;
    EXPECT_EQ(sizeof(value), 4u) << "value " << value;
}

class Param : public ::testing::TestWithParam<int> {};
TEST_P(Param, IsEven) {
    const int number = GetParam();
    EXPECT_EQ(number % 2, 0);
}
INSTANTIATE_TEST_SUITE_P(Numbers, Param, ::testing::Values(4, 7));

TEST(Crash, Abort) {
    const int before_abort = 3;
    if (before_abort == 3) std::abort();
}

TEST(Crash, FailedAssert) {
    const int items = 2;
    assert(items == 3);
    std::abort();  // NDEBUG builds: still SIGABRT, the tests expect it
}

TEST(Crash, Terminate) { throws_through_noexcept(); }

TEST(Crash, WithACopyOfTheProgramMappedBelowIt) {
    // Not mapped (address taken): a failed assertion, not the crash the test expects.
    ASSERT_TRUE(map_copy_of_program_below_it());
    const int copies_mapped = 1;
    if (copies_mapped == 1) std::abort();
}

TEST(Crash, WhileAnotherThreadIsInALeafWithoutCfi) {
    volatile int started = 0;
    std::thread spinner([&started] { spins_in_a_leaf_without_cfi(&started); });
    while (!started) {
    }
    store_through(nullptr, 4);
    spinner.join();
}

TEST(Crash, Bus) {
    const std::string path = ::testing::TempDir() + "capsule_bus_" + std::to_string(::getpid());
    const char c = read_past_end_of_file(path.c_str());
    EXPECT_EQ(c, 0);
}

TEST(Crash, IllegalInstruction) {
    const int reached = 1;
    if (reached) __builtin_trap();
}

TEST(Crash, DivideByZero) {
    volatile int parts = 0;
    EXPECT_EQ(checked_ratio(10, parts), 0);
}

TEST(Crash, StackOverflow) { EXPECT_EQ(recurse_forever(0), 0); }

TEST(Crash, OnAThreadTheTestStarted) {
    const int worker_input = 21;
    std::thread worker([worker_input] { store_through(nullptr, worker_input); });
    worker.join();
}

TEST(Crash, CorruptedHeap) {
    // The chunk header before the block overwritten: glibc aborts in free(),
    // where an in-process capture (which allocates) would not be safe.
    char* block = static_cast<char*>(std::malloc(40));
    const int overrun = 16;
    std::memset(block - overrun, 0x41, 40 + overrun);
    std::free(block);
}

TEST(Threads, AssertionOnAThreadTheTestStarted) {
    std::thread worker([] {
        const int worker_value = 5;
        EXPECT_EQ(worker_value, 6);
    });
    worker.join();
}

TEST(Output, PrintedBeforeACrash) {
    std::printf("half a line the test printed");  // no newline: still buffered
    volatile int parts = 0;
    EXPECT_EQ(checked_ratio(1, parts), 0);
}

TEST(Limit, First) { EXPECT_EQ(1, 2); }
TEST(Limit, Second) { EXPECT_EQ(3, 4); }
TEST(Limit, Third) { EXPECT_EQ(5, 6); }

TEST(Expected, FatalFailureInsideExpectFatalFailure) {
    EXPECT_FATAL_FAILURE(FAIL() << "expected", "expected");
}

TEST(Secrets, PasswordIsMasked) {
    const std::string password = "hunter2-very-secret";
    EXPECT_EQ(password.size(), 3u);
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
#ifdef CAPSULE_PROGRAM
    // Options from code: .capsule.yaml and CAPSULE_* override them.
    capsule::RunOptions options;
    options.output_dir = "from_code";
    options.test_timeout_s = 0;
    capsule::gtest::install(options);
#endif
    return RUN_ALL_TESTS();
}

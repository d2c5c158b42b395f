// The failures capsule must survive, one per test (picked with
// --gtest_filter): heap corruption before SIGABRT, stack overflow, two threads
// faulting together, a fault in a destructor while an exception unwinds,
// containers full of garbage pointers; an ordinary failure and 200 of them for
// the store and concurrency tests. Built with capsule (linking capsule::gtest
// installs it) and without, so that the tests can compare exit statuses.
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

// noinline everywhere: the tests look for these frames by name.
__attribute__((noinline)) void free_twice(std::size_t size) {
    char* block = static_cast<char*>(std::malloc(size));
    std::memset(block, 'x', size);
    std::free(block);
    // volatile: the compiler must not see through the second free.
    char* volatile again = block;
    std::free(again);  // glibc: "free(): double free detected", then abort()
}

__attribute__((noinline)) int recurse_without_end(int depth) {
    volatile char pad[512];
    pad[depth % 512] = static_cast<char>(depth);
    return recurse_without_end(depth + 1) + pad[0];
}

std::atomic<int> ready{0};

__attribute__((noinline)) void fault_together(int which) {
    int* volatile nowhere = nullptr;
    ready.fetch_add(1);
    while (ready.load() < 2) {
    }
    *nowhere = which;  // both threads write through null at the same moment
}

struct FaultingGuard {
    int* volatile target = nullptr;
    int code = 41;
    __attribute__((noinline)) ~FaultingGuard() {
        *target = code;  // runs while the exception below unwinds
    }
};

__attribute__((noinline)) void throw_past_guard() {
    FaultingGuard guard;
    throw std::runtime_error("unwinding through a faulting destructor");
}

// Storage that a container's bytes are written into by hand: the object is
// never constructed or destroyed by its own code, only read by the capture.
template <typename T>
union Garbage {
    Garbage() {}
    ~Garbage() {}
    T object;
    unsigned char bytes[sizeof(T)];
};

template <typename T>
void scribble(Garbage<T>& g, std::uint64_t seed) {
    for (std::size_t i = 0; i < sizeof(T); i += sizeof(std::uint64_t)) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        std::uint64_t word = seed;
        // Some words point into unmapped high memory, some near null.
        if (i % 16 == 0) word = 0x00007ff000000000ULL + (seed & 0xffffff0ULL);
        if (i % 24 == 8) word = seed & 0xfff0ULL;
        std::memcpy(g.bytes + i, &word, std::min(sizeof(word), sizeof(T) - i));
    }
}

struct Node {
    int value;
    Node* next;
};

}  // namespace

TEST(Torture, DoubleFree) { free_twice(64); }

TEST(Torture, StackOverflow) { EXPECT_EQ(recurse_without_end(0), 0); }

TEST(Torture, TwoThreadsCrashTogether) {
    std::thread first(fault_together, 1);
    std::thread second(fault_together, 2);
    first.join();
    second.join();
}

TEST(Torture, CrashInDestructorDuringUnwinding) {
    try {
        throw_past_guard();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "never reached: " << e.what();
    }
}

TEST(Torture, GarbagePointers) {
    Garbage<std::vector<int>> numbers;
    Garbage<std::string> text;
    Garbage<std::map<std::string, int>> index;
    Garbage<std::unordered_map<int, std::string>> table;
    Garbage<std::list<double>> queue;
    Garbage<std::unique_ptr<std::vector<std::string>>> owned;
    Garbage<std::shared_ptr<std::string>> shared;
    scribble(numbers, 1), scribble(text, 2), scribble(index, 3), scribble(table, 4);
    scribble(queue, 5), scribble(owned, 6), scribble(shared, 7);
    // A huge claimed size over real memory: the element bound must hold.
    Garbage<std::vector<long>> huge;
    long real[4] = {1, 2, 3, 4};
    long* parts[3] = {real, real + (1L << 40), real + (1L << 40)};
    std::memcpy(huge.bytes, parts, sizeof(parts));
    // Lists that loop onto themselves.
    Node ring[3] = {{1, nullptr}, {2, nullptr}, {3, nullptr}};
    ring[0].next = &ring[1], ring[1].next = &ring[2], ring[2].next = &ring[0];
    Node* dangling = reinterpret_cast<Node*>(0x10);
    int* wild[4] = {reinterpret_cast<int*>(0x1), reinterpret_cast<int*>(0xdeadbeef),
                    reinterpret_cast<int*>(0x00007ffffffff000), nullptr};
    asm volatile("" : : "r"(&numbers), "r"(&text), "r"(&index), "r"(&table), "r"(&queue) : "memory");
    asm volatile("" : : "r"(&owned), "r"(&shared), "r"(&huge), "r"(ring), "r"(&dangling), "r"(wild)
                 : "memory");
    EXPECT_EQ(ring[0].value, 0) << "fails with every garbage container in the frame";
}

// One ordinary failure: the test the store torture (SIGKILL, full disk,
// file size limit) interrupts while its capsule is written.
TEST(Torture, FailsOnce) {
    const int expected = 6 * 7;
    EXPECT_EQ(expected, 41);
}

// 200 failing tests in one process, for the concurrency test: eight of these
// store into one repository at once.
class Many : public ::testing::TestWithParam<int> {};
TEST_P(Many, Fails) {
    const int value = GetParam();
    EXPECT_EQ(value, -1);
}
INSTANTIATE_TEST_SUITE_P(Load, Many, ::testing::Range(0, 200));

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

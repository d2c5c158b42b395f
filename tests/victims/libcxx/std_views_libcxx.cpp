// Built with clang++ -stdlib=libc++ (tests/integration/CMakeLists.txt) and
// not linked with capsule, whose API is compiled against libstdc++: the test
// starts it, waits until it stops itself, and captures it from outside
// through ptrace.
#include <signal.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

struct Point {
    int x;
    int y;
};

// As victim::keep: the object lives in memory, described by its stack slot.
template <class T>
inline __attribute__((always_inline)) void keep(T& object) {
    asm volatile("" : : "r"(&object) : "memory");
}

volatile long sink = 0;

__attribute__((noinline)) void libcxx_frame() {
    std::string short_text = "kiwi";
    std::string heap_text = "a string long enough to live on the heap";
    std::wstring wide = L"wide";
    std::vector<int> numbers{11, 22, 33};
    std::vector<bool> flags{true, false, true, true};
    std::vector<std::string> words{"alpha", "beta"};
    std::unique_ptr<int> owned = std::make_unique<int>(42);
    std::unique_ptr<int> empty_owner;
    std::shared_ptr<Point> shared = std::make_shared<Point>(Point{1, 2});
    std::shared_ptr<Point> second_owner = shared;
    std::weak_ptr<Point> observer = shared;
    std::map<int, std::string> by_id{{1, "one"}, {2, "two"}, {3, "three"}};
    std::map<int, int> empty_map;
    std::set<int> primes{7, 3, 5};
    keep(short_text), keep(heap_text), keep(wide), keep(numbers), keep(flags), keep(words);
    keep(owned), keep(empty_owner), keep(shared), keep(second_owner), keep(observer);
    keep(by_id), keep(empty_map), keep(primes);

    raise(SIGSTOP); // CAPTURE-LINE
    sink = static_cast<long>(numbers.size() + by_id.size()) + *owned + second_owner->x;
}

int main() {
    libcxx_frame();
    return 0;
}

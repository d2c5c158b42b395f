// Every standard-library type the views know, each with a value no other
// variable has, so that the tests can say exactly what each must read.
#include <any>
#include <array>
#include <atomic>
#include <bitset>
#include <chrono>
#include <complex>
#include <deque>
#include <exception>
#include <filesystem>
#include <forward_list>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "victim.hpp"

struct Point {
    int x;
    int y;
};

// A deleter with state: unique_ptr keeps it next to the pointer.
struct TaggedDeleter {
    int tag;
    void operator()(int* p) const { delete p; }
};

// A polymorphic exception whose class this program defines.
struct ParseError : std::runtime_error {
    ParseError(const char* what, int at) : std::runtime_error(what), line(at) {}
    int line;
};

VICTIM_NOINLINE int add(int a, int b) { return a + b; }

VICTIM_NOINLINE void std_views_frame() {
    std::string short_text = "kiwi";
    std::string heap_text = "a string long enough to live on the heap";
    std::wstring wide = L"wide";
    std::u16string utf16 = u"sixteen";
    std::u32string utf32 = U"thirty-two";
    std::string_view view = std::string_view(heap_text).substr(2, 6);
    std::vector<int> numbers{11, 22, 33};
    std::vector<bool> flags{true, false, true, true};
    std::array<int, 3> triple{7, 8, 9};
    std::deque<int> queue{1, 2, 3, 4, 5};
    std::list<std::string> names{"ada", "grace"};
    std::forward_list<int> singles{5, 6, 7};
    std::map<int, std::string> by_id{{1, "one"}, {2, "two"}};
    std::multimap<int, int> pairs{{1, 10}, {1, 11}};
    std::set<int> primes{7, 3, 5};
    std::multiset<char> letters{'b', 'a', 'b'};
    std::unordered_map<std::string, int> ages{{"ada", 36}};
    std::unordered_set<int> lucky{13};
    std::unordered_multimap<int, int> buckets{{4, 40}, {4, 41}};
    std::unordered_multiset<int> repeats{9, 9};
    std::pair<int, std::string> entry{5, "five"};
    std::tuple<int, double, std::string> record{1, 2.5, "t"};
    std::optional<int> maybe = 42;
    std::optional<std::string> nothing;
    std::variant<int, std::string> choice = std::string("alt");
    std::any boxed_int = 3;
    std::any boxed_text = std::string("boxed");
    std::any empty_any;
    std::unique_ptr<int, TaggedDeleter> guarded(new int(9), TaggedDeleter{5});
    std::shared_ptr<Point> shared = std::make_shared<Point>(Point{1, 2});
    std::weak_ptr<Point> observer = shared;
    std::function<int(int, int)> adder = add;
    std::function<int()> closure = [seed = 3] { return seed; };
    std::function<void()> no_target;
    std::atomic<int> counter{17};
    std::chrono::milliseconds timeout{1500};
    std::chrono::system_clock::time_point stamp{std::chrono::seconds{1700000000}};
    std::bitset<10> mask{0x205};
    std::complex<double> root{1.5, -2};
    std::filesystem::path library = "/usr/lib/libkiwi.so";
    std::span<int> window(numbers.data() + 1, 2);
    auto second = numbers.begin() + 1;
    auto found = by_id.find(2);
    auto first_name = names.begin();
    std::exception_ptr failure = std::make_exception_ptr(ParseError("bad token", 12));
    std::exception_ptr no_failure;
    std::exception_ptr code_failure = std::make_exception_ptr(404);
    std::thread::id self = std::this_thread::get_id();
    std::thread::id nobody;
    victim::keep(short_text), victim::keep(heap_text), victim::keep(wide), victim::keep(utf16);
    victim::keep(utf32), victim::keep(view), victim::keep(numbers), victim::keep(flags);
    victim::keep(triple), victim::keep(queue), victim::keep(names), victim::keep(singles);
    victim::keep(by_id), victim::keep(pairs), victim::keep(primes), victim::keep(letters);
    victim::keep(ages), victim::keep(lucky), victim::keep(buckets), victim::keep(repeats);
    victim::keep(entry), victim::keep(record), victim::keep(maybe), victim::keep(nothing);
    victim::keep(choice), victim::keep(boxed_int), victim::keep(boxed_text), victim::keep(empty_any);
    victim::keep(guarded), victim::keep(shared), victim::keep(observer), victim::keep(adder);
    victim::keep(closure), victim::keep(no_target), victim::keep(counter), victim::keep(timeout);
    victim::keep(stamp), victim::keep(mask), victim::keep(root), victim::keep(library);
    victim::keep(window), victim::keep(second), victim::keep(found), victim::keep(first_name);
    victim::keep(failure), victim::keep(no_failure), victim::keep(code_failure);
    victim::keep(self), victim::keep(nobody);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = static_cast<long>(numbers.size() + names.size() + window.size()) + *second +
                   closure() + adder(1, 2);
}

int main(int argc, char** argv) {
    std_views_frame();
    return victim::finish(argc, argv);
}

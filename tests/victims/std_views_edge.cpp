// The standard-library views at their edges: nested containers, empty ones,
// containers at and just past the item bound (Bounds::max_items, 32), and
// objects whose insides were overwritten with garbage.
#include <any>
#include <cstdint>
#include <cstring>
#include <deque>
#include <forward_list>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "victim.hpp"

struct Item {
    std::string name;
    std::optional<int> count;
};

// Storage for an object that is never destroyed: its insides are garbage.
template <class T>
union Broken {
    T value;
    Broken() {}
    ~Broken() {}
};

// Overwrites the first words of `object` (libstdc++'s layout, GCC 12).
template <class T, std::size_t N>
void scribble(T& object, std::size_t first_word, const std::uint64_t (&words)[N]) {
    static_assert(sizeof(T) >= 8 * N);
    std::memcpy(reinterpret_cast<unsigned char*>(&object) + 8 * first_word, words, sizeof words);
}

VICTIM_NOINLINE void std_views_edge_frame() {
    std::map<std::string, std::vector<Item>> inventory{
        {"fruit", {Item{"apple", 3}, Item{"pear", std::nullopt}}},
        {"tools", {Item{"saw", 1}}},
    };

    std::string empty_text;
    std::vector<int> empty_vector;
    std::map<int, int> empty_map;
    std::set<int> empty_set;
    std::unordered_map<int, int> empty_hash;
    std::list<int> empty_list;
    std::deque<int> empty_deque;
    std::forward_list<int> empty_forward;
    std::optional<int> empty_optional;
    std::shared_ptr<int> empty_shared;
    std::unique_ptr<int> empty_unique;
    std::function<void()> empty_function;
    std::any empty_any;

    std::vector<int> at_limit(32);
    for (int i = 0; i < 32; ++i) at_limit[i] = i;
    std::vector<int> past_limit(33, 4);
    std::map<int, int> past_limit_map;
    for (int i = 0; i < 40; ++i) past_limit_map[i] = i * i;
    std::list<int> past_limit_list(35, 8);

    // Pointers that lead nowhere, sizes no container has, links into garbage.
    Broken<std::vector<int>> unmapped_vector;
    new (&unmapped_vector.value) std::vector<int>{1, 2, 3};
    scribble(unmapped_vector.value, 0, {0x10, 0x20, 0x40});
    Broken<std::vector<int>> backwards_vector;
    new (&backwards_vector.value) std::vector<int>{1, 2, 3};
    scribble(backwards_vector.value, 0, {0x2000, 0x1000, 0x3000});
    Broken<std::string> dangling_string;
    new (&dangling_string.value) std::string("a heap string that will dangle");
    scribble(dangling_string.value, 0, {0x10, 5});
    Broken<std::list<int>> broken_list;
    new (&broken_list.value) std::list<int>{1, 2, 3};
    scribble(broken_list.value, 0, {0x10});
    Broken<std::map<int, int>> huge_map;
    new (&huge_map.value) std::map<int, int>{{1, 1}};
    scribble(huge_map.value, 5, {std::uint64_t{1} << 40});
    Broken<std::unordered_map<int, int>> broken_hash;
    new (&broken_hash.value) std::unordered_map<int, int>{{1, 1}};
    scribble(broken_hash.value, 2, {0x18});
    Broken<std::shared_ptr<int>> broken_shared;
    new (&broken_shared.value) std::shared_ptr<int>(std::make_shared<int>(5));
    scribble(broken_shared.value, 1, {0x10});

    victim::keep(inventory), victim::keep(empty_text), victim::keep(empty_vector);
    victim::keep(empty_map), victim::keep(empty_set), victim::keep(empty_hash);
    victim::keep(empty_list), victim::keep(empty_deque), victim::keep(empty_forward);
    victim::keep(empty_optional), victim::keep(empty_shared), victim::keep(empty_unique);
    victim::keep(empty_function), victim::keep(empty_any), victim::keep(at_limit);
    victim::keep(past_limit), victim::keep(past_limit_map), victim::keep(past_limit_list);
    victim::keep(unmapped_vector), victim::keep(backwards_vector), victim::keep(dangling_string);
    victim::keep(broken_list), victim::keep(huge_map), victim::keep(broken_hash);
    victim::keep(broken_shared);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = static_cast<long>(inventory.size() + at_limit.size() + past_limit_map.size());
}

int main(int argc, char** argv) {
    std_views_edge_frame();
    return victim::finish(argc, argv);
}

// The standard library types a test's locals most often are.
#include <memory>
#include <string>
#include <vector>

#include "victim.hpp"

VICTIM_NOINLINE void std_types_frame() {
    std::string short_text = "short";
    std::string heap_text = "a string long enough to live on the heap";
    std::vector<int> numbers{1, 2, 3};
    std::vector<std::string> words{"alpha", "beta"};
    std::unique_ptr<int> owned = std::make_unique<int>(42);
    std::unique_ptr<int> empty_owner;
    std::shared_ptr<int> shared = std::make_shared<int>(7);
    std::shared_ptr<int> second_owner = shared;
    victim::keep(short_text), victim::keep(heap_text), victim::keep(numbers), victim::keep(words);
    victim::keep(owned), victim::keep(empty_owner), victim::keep(shared), victim::keep(second_owner);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = static_cast<long>(numbers.size() + words.size()) + *owned + *second_owner;
}

int main(int argc, char** argv) {
    std_types_frame();
    return victim::finish(argc, argv);
}

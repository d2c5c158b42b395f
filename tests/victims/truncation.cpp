// Values far larger than any bound: the capture shows a bounded prefix and says
// it is truncated.
#include <numeric>
#include <string>
#include <vector>

#include "victim.hpp"

VICTIM_NOINLINE void truncation_frame() {
    std::vector<int> many(10000);
    std::iota(many.begin(), many.end(), 0);
    std::string big(100 * 1024, 'z');
    int wide[1000];
    std::iota(wide, wide + 1000, 0);
    victim::keep(many), victim::keep(big), victim::keep(wide);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = many[9999] + big.size() + wide[999];
}

int main(int argc, char** argv) {
    truncation_frame();
    return victim::finish(argc, argv);
}

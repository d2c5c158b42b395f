// A call that the compiler always inlines: still two frames, the inner one
// marked inlined and showing its own parameters.
#include "victim.hpp"

static inline __attribute__((always_inline)) int scaled_sum(int first, int second) {
    int sum = first + second;
    victim::keep(sum);
    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    return sum * 2;
}

VICTIM_NOINLINE int inline_host(int base) {
    int bonus = base + 1;
    victim::keep(bonus);
    victim::sink = scaled_sum(base, bonus); // CALL-LINE scaled_sum
    return bonus;
}

int main(int argc, char** argv) {
    victim::sink = inline_host(20);
    return victim::finish(argc, argv);
}

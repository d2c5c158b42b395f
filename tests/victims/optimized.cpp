// Values that only an optimizing build makes hard: a parameter that is dead at
// the capture (its value survives only as DW_OP_entry_value, resolved through
// the caller's call-site parameter) and a struct split over registers
// (DW_OP_piece). Meant for -O2; the -O0 builds check the same values the easy way.
#include "victim.hpp"

struct Pair {
    long first;
    long second;
};

VICTIM_NOINLINE void opaque() { asm volatile("" ::: "memory"); }

VICTIM_NOINLINE int entry_value_frame(int a) {
    victim::sink = a;
    // After this call nothing holds `a` any more: -O2 can only say "the value
    // rdi had on entry".
    opaque();
    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE entry_value
    return 1;
}

// Passed in rdi:rsi, the struct's halves then move to two callee-saved
// registers: its location is one DW_OP_piece per register.
VICTIM_NOINLINE long pieces_frame(Pair pair) {
    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE pieces
    // Both halves are used after the capture, so -O2 keeps them alive.
    return pair.first * 7 + pair.second;
}

int main(int argc, char** argv) {
    // argv[2] picks the capture; the test runs the victim once per mode.
    std::string mode = argc > 2 ? argv[2] : "entry_value";
    if (mode == "entry_value") {
        victim::sink = entry_value_frame(7);
    } else if (mode == "pieces") {
        victim::sink = pieces_frame(Pair{5, 15});
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    return victim::finish(argc, argv);
}

// A recursion 50 calls deep: every level is its own frame, and the stack ends
// at main.
#include "victim.hpp"

VICTIM_NOINLINE int descend(int depth) {
    int here = depth * 10;
    int below = -1;
    victim::keep(here), victim::keep(below);
    if (depth == 0) {
        victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
        return 0;
    }
    below = descend(depth - 1); // CALL-LINE descend
    // `here` is used after the call, so no level can become a loop or a tail call.
    victim::keep(here);
    return below + 1;
}

int main(int argc, char** argv) {
    victim::sink = descend(49); // CALL-LINE main
    return victim::finish(argc, argv);
}

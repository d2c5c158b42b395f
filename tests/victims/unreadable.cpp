// Pointers into unmapped memory: the pointer itself is shown, what it points to
// is unreadable, and the capture does not fault.
#include "victim.hpp"

struct Node {
    int value;
    Node* next;
};

VICTIM_NOINLINE void unreadable_frame() {
    Node* bad = reinterpret_cast<Node*>(0x10);
    Node good{1, bad};
    Node* good_ptr = &good;
    const char* bad_text = reinterpret_cast<const char*>(0x10);
    victim::keep(bad), victim::keep(good), victim::keep(good_ptr), victim::keep(bad_text);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = good.value;
}

int main(int argc, char** argv) {
    unreadable_frame();
    return victim::finish(argc, argv);
}

// Which variables a frame shows: nested blocks, shadowing, `this`, and a
// function-local static.
#include "victim.hpp"

struct Account {
    int id = 17;
    long balance = 250;

    void audit(int level);
};

VICTIM_NOINLINE void Account::audit(int level) {
    static int audits = 0;
    ++audits;
    int outer = 1;
    int shadow = 10;
    victim::keep(outer), victim::keep(shadow), victim::keep(level);
    {
        int inner = 2;
        int shadow = 20;
        victim::keep(inner), victim::keep(shadow);
        victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
        // Declared below the capture: its block is in scope at the capture's pc,
        // but the variable does not exist yet.
        int later = 3;
        victim::keep(later);
        victim::sink = inner + shadow + later;
    }
    int after_block = 4;
    victim::keep(after_block);
    victim::sink = outer + shadow + after_block + id;
}

int main(int argc, char** argv) {
    Account account;
    account.audit(2); // CALL-LINE audit
    return victim::finish(argc, argv);
}

// A lambda's captures, by copy and by reference, seen from inside the lambda.
#include <string>

#include "victim.hpp"

#if defined(__clang__)
#define VICTIM_NOINLINE_LAMBDA __attribute__((noinline))
#else
#define VICTIM_NOINLINE_LAMBDA __attribute__((noinline, noipa))
#endif

VICTIM_NOINLINE int lambda_host(int factor) {
    int offset = 5;
    std::string label = "scaled";
    victim::keep(offset), victim::keep(label), victim::keep(factor);
    auto apply = [factor, &offset, label](int value) VICTIM_NOINLINE_LAMBDA {
        int result = value * factor + offset;
        victim::keep(result);
        victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
        return result + static_cast<int>(label.size());
    };
    victim::keep(apply);
    return apply(4); // CALL-LINE apply
}

int main(int argc, char** argv) {
    victim::sink = lambda_host(3);
    return victim::finish(argc, argv);
}

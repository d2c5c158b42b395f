#include <cstdio>
#include <cstdlib>

#include "shapes.hpp"

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 3;
    std::vector<geometry::Circle> circles;
    for (int i = 0; i < count; ++i) circles.emplace_back(i + 1.0);
    if (!circles.empty()) circles[0].scale(2.0);
    std::printf("%f\n", geometry::total_area(circles));
    // Called from a second unit, too: this unit's DWARF then declares it as
    // the header does, which is where the code map places it.
    std::printf("%f\n", geometry::detail::square(count));
    return 0;
}

#include "shapes.hpp"

namespace geometry {

namespace detail {
// noinline: the code map reads call edges from call sites, which exist only
// for calls that stayed calls.
__attribute__((noinline)) double square(double x) { return x * x; }
}  // namespace detail

Circle::Circle(double radius) : radius_(radius) {}

__attribute__((noinline)) double Circle::area() const {
    return 3.14159 * detail::square(radius_);
}

__attribute__((noinline)) void Circle::scale(double factor) { radius_ *= factor; }

__attribute__((noinline)) double total_area(const std::vector<Circle>& circles) {
    double sum = 0;
    for (const Circle& c : circles) sum += c.area();
    return sum;
}

}  // namespace geometry

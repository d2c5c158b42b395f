// The code map's victim: a namespace with a class, free functions and calls
// between them. The tests find declarations by their text, not by line
// numbers, so this file may be edited freely.
#pragma once

#include <vector>

namespace geometry {

class Circle {
public:
    explicit Circle(double radius);
    double area() const;
    void scale(double factor);
    double radius() const { return radius_; }

private:
    double radius_;
};

double total_area(const std::vector<Circle>& circles);

namespace detail {
double square(double x);
}  // namespace detail

}  // namespace geometry

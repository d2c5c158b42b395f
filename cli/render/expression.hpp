// Which variables an assertion talks about: EXPECT_EQ(total, expected) names
// `total` and `expected`, and those are what a person looks at first.
#pragma once

#include <string>
#include <vector>

namespace capsule::cli {

// The identifiers of `expression` that can name a variable, in order of first
// appearance and without repeats. Left out: the contents of string and
// character literals, numbers, keywords, members reached by `.` or `->`, names
// on either side of `::`, and names that are called (`EXPECT_EQ(`, `size(`).
std::vector<std::string> expression_identifiers(const std::string& expression);

}  // namespace capsule::cli

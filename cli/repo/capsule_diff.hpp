// Two capsules compared: the same failure or not, which frames one has and
// the other lacks, and for the frames both have, the values that differ.
#pragma once

#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::cli {

struct ValueChange {
    std::string path;  // items[1].x
    std::string a;     // the value in A, "" when A has no such value
    std::string b;
    bool in_a = true;
    bool in_b = true;
};

struct FramePair {
    std::size_t a_index = 0;
    std::size_t b_index = 0;
    std::string function;
    std::vector<ValueChange> changes;
};

struct UnpairedFrame {
    std::size_t index = 0;
    std::string function;
};

struct CapsuleDiff {
    bool same_fingerprint = false;
    std::vector<UnpairedFrame> removed;  // only in A
    std::vector<UnpairedFrame> added;    // only in B
    std::vector<FramePair> pairs;        // frames both have, in stack order
    bool differs() const;
};

// Compares the failing (else first) threads. Frames are paired by function
// name along their longest common subsequence, so a frame inserted or
// dropped in the middle does not shift every pairing after it. Values are
// compared without their addresses (see without_addresses).
CapsuleDiff diff_capsules(const Report& a, const Report& b);

// A value as the comparison sees it: text with addresses blanked, and the
// status when it is not ok.
std::string comparable_value(const Variable& var);

}  // namespace capsule::cli

// A parser for nested lists of integers: "[1, [2, 3], 4]".
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace parser {

struct Node {
    bool is_list = false;
    long value = 0;
    std::vector<std::unique_ptr<Node>> items;
};

// nullptr on malformed input.
std::unique_ptr<Node> parse(const std::string& text);
// Sum of every number in the tree.
long sum(const Node& node);
// Depth of the deepest list; follows the first item of each list.
int first_path_depth(const Node* node);
// Aborts (assert-style) on malformed input.
std::unique_ptr<Node> parse_or_die(const std::string& text);

}  // namespace parser

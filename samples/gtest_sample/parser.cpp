#include "parser.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace parser {

namespace {

struct Cursor {
    const std::string& text;
    std::size_t pos = 0;

    void skip_spaces() {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    }
};

std::unique_ptr<Node> parse_item(Cursor& cursor);

std::unique_ptr<Node> parse_list(Cursor& cursor) {
    auto list = std::make_unique<Node>();
    list->is_list = true;
    ++cursor.pos;  // '['
    cursor.skip_spaces();
    if (cursor.pos < cursor.text.size() && cursor.text[cursor.pos] == ']') {
        ++cursor.pos;
        return list;
    }
    for (;;) {
        auto item = parse_item(cursor);
        if (!item) return nullptr;
        list->items.push_back(std::move(item));
        cursor.skip_spaces();
        if (cursor.pos >= cursor.text.size()) return nullptr;
        const char c = cursor.text[cursor.pos++];
        if (c == ']') return list;
        if (c != ',') return nullptr;
    }
}

std::unique_ptr<Node> parse_item(Cursor& cursor) {
    cursor.skip_spaces();
    if (cursor.pos >= cursor.text.size()) return nullptr;
    if (cursor.text[cursor.pos] == '[') return parse_list(cursor);
    const std::size_t start = cursor.pos;
    if (cursor.text[cursor.pos] == '-') ++cursor.pos;
    while (cursor.pos < cursor.text.size() &&
           std::isdigit(static_cast<unsigned char>(cursor.text[cursor.pos])))
        ++cursor.pos;
    if (cursor.pos == start) return nullptr;
    auto number = std::make_unique<Node>();
    number->value = std::strtol(cursor.text.c_str() + start, nullptr, 10);
    return number;
}

}  // namespace

std::unique_ptr<Node> parse(const std::string& text) {
    Cursor cursor{text};
    auto root = parse_item(cursor);
    cursor.skip_spaces();
    if (!root || cursor.pos != text.size()) return nullptr;
    return root;
}

long sum(const Node& node) {
    if (!node.is_list) return node.value;
    long total = 0;
    for (const auto& item : node.items) total += sum(*item);
    return total;
}

int first_path_depth(const Node* node) {
    int depth = 0;
    while (node->is_list) {
        ++depth;
        // The bug the sample is about: an empty list has no first item.
        node = node->items.front().get();
    }
    return depth;
}

std::unique_ptr<Node> parse_or_die(const std::string& text) {
    auto root = parse(text);
    if (!root) {
        std::fprintf(stderr, "malformed input: %s\n", text.c_str());
        std::abort();
    }
    return root;
}

}  // namespace parser

// Columns for a terminal: each as wide as its widest cell, long cells cut.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "render/color.hpp"

namespace capsule::cli {

struct Column {
    std::string title;
    std::size_t max_width = 60;  // longer cells are cut with "..."
    bool right = false;          // numbers
    Style style = Style::bold;
    bool styled = false;         // paint cells with `style`
};

class Table {
public:
    explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
    // Cells are made printable here; missing cells are empty.
    void add(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    void print(std::ostream& out, const Palette& palette) const;

private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text: one per code point.
std::size_t text_width(const std::string& text);

}  // namespace capsule::cli

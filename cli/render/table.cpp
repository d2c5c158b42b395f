#include "render/table.hpp"

#include <algorithm>

#include "render/printable.hpp"

namespace capsule::cli {
namespace {

std::string cut(const std::string& text, std::size_t max) {
    if (text_width(text) <= max || max < 4) return text;
    std::string out;
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) != 0x80) {
            if (width == max - 3) break;
            ++width;
        }
        out += text[i];
    }
    return out + "...";
}

std::string pad(const std::string& text, std::size_t width, bool right) {
    const std::size_t have = text_width(text);
    if (have >= width) return text;
    const std::string fill(width - have, ' ');
    return right ? fill + text : text + fill;
}

}  // namespace

std::size_t text_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void Table::add(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = cut(printable(cells[i]), columns_[i].max_width);
    rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out, const Palette& palette) const {
    std::vector<std::size_t> widths;
    for (const Column& column : columns_) widths.push_back(text_width(column.title));
    for (const auto& row : rows_)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], text_width(row[i]));

    // The last column is not padded: no trailing blanks.
    auto line = [&](const std::vector<std::string>& cells, bool header) {
        std::string text;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const bool last = i + 1 == cells.size();
            std::string cell = last && !columns_[i].right ? cells[i] : pad(cells[i], widths[i], columns_[i].right);
            if (header) cell = palette.paint(Style::bold, cell);
            else if (columns_[i].styled) cell = palette.paint(columns_[i].style, cell);
            text += cell;
            if (!last) text += "  ";
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out << text << '\n';
    };
    std::vector<std::string> titles;
    for (const Column& column : columns_) titles.push_back(column.title);
    line(titles, true);
    for (const auto& row : rows_) line(row, false);
}

}  // namespace capsule::cli

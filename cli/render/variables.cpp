#include "render/variables.hpp"

#include <algorithm>

#include "render/printable.hpp"

namespace capsule::cli {

std::string value_text(const Variable& var, const Palette& p) {
    const std::string value = printable(var.value);
    switch (var.status) {
        case ValueStatus::ok:
            if (value.empty() && !var.children.empty()) return "{...}";
            return value;
        case ValueStatus::masked: return p.paint(Style::yellow, "***masked***");
        case ValueStatus::optimized_out: return p.paint(Style::dim, "<optimized out>");
        default: break;
    }
    std::string status = to_string(var.status);
    std::replace(status.begin(), status.end(), '-', ' ');
    std::replace(status.begin(), status.end(), '_', ' ');
    const std::string mark = p.paint(Style::dim, "<" + status + ">");
    return value.empty() ? mark : value + " " + mark;
}

std::string variable_line(const std::string& label, const Variable& var, const Palette& p) {
    std::string line = p.paint(Style::green, printable(label)) + " = " + value_text(var, p);
    if (!var.type.empty()) line += "  " + p.paint(Style::dim, "(" + printable(var.type) + ")");
    return line;
}

void print_variable(const Variable& var, std::size_t indent, const Palette& p, std::ostream& out,
                    int max_depth, const std::string& label) {
    out << std::string(indent, ' ') << variable_line(label.empty() ? var.name : label, var, p) << '\n';
    if (max_depth == 0) return;
    for (const Variable& child : var.children)
        print_variable(child, indent + 2, p, out, max_depth < 0 ? -1 : max_depth - 1);
}

}  // namespace capsule::cli

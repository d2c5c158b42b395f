#include "render/json_out.hpp"

#include <cstdio>

#include "capsule/file.hpp"

namespace capsule::cli {

void print_json(const ojson& value, std::ostream& out) {
    out << value.dump(2, ' ', false, ojson::error_handler_t::replace) << '\n';
}

void print_json_line(const ojson& value, std::ostream& out) {
    out << value.dump(-1, ' ', false, ojson::error_handler_t::replace) << '\n';
}

ojson variable_json(const Variable& var) {
    ojson j;
    j["name"] = var.name;
    j["kind"] = var.kind;
    j["type"] = var.type;
    j["value"] = var.value;
    j["status"] = to_string(var.status);
    if (var.address != 0) {
        char buffer[24];
        std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(var.address));
        j["address"] = buffer;
    }
    if (var.decl_line != 0) j["decl_line"] = var.decl_line;
    if (!var.children.empty()) {
        ojson children = ojson::array();
        for (const Variable& child : var.children) children.push_back(variable_json(child));
        j["children"] = std::move(children);
    }
    return j;
}

ojson report_json(const Report& report) { return ojson::parse(report_to_json(report)); }

}  // namespace capsule::cli

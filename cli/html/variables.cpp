#include "html/variables.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "html/escape.hpp"

namespace capsule::cli::html {
namespace {

// Deeper trees than this are cut in the page (the capsule keeps them): the
// browser's parser flattens markup nested more than 512 elements deep, and a
// hostile capsule may nest values up to the reader's own bound.
constexpr int max_depth = 48;

const char* status_label(ValueStatus status) {
    switch (status) {
        case ValueStatus::ok:
            return "";
        case ValueStatus::optimized_out:
            return "optimized out";
        case ValueStatus::unreadable:
            return "unreadable";
        case ValueStatus::masked:
            return "masked";
        case ValueStatus::truncated:
            return "truncated";
        case ValueStatus::shadowed:
            return "shadowed";
        case ValueStatus::not_implemented:
            return "not implemented";
    }
    return "";
}

const char* status_class(ValueStatus status) {
    switch (status) {
        case ValueStatus::ok:
            return "st-ok";
        case ValueStatus::optimized_out:
            return "st-optimized_out";
        case ValueStatus::unreadable:
            return "st-unreadable";
        case ValueStatus::masked:
            return "st-masked";
        case ValueStatus::truncated:
            return "st-truncated";
        case ValueStatus::shadowed:
            return "st-shadowed";
        case ValueStatus::not_implemented:
            return "st-not_implemented";
    }
    return "st-ok";
}

// Where the value lived, for the row's tooltip.
std::string row_title(const Variable& var) {
    std::string title;
    if (var.address != 0) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "at 0x%llx", static_cast<unsigned long long>(var.address));
        title = buffer;
    }
    if (var.decl_line > 0)
        title += (title.empty() ? "" : ", ") + std::string("declared on line ") + std::to_string(var.decl_line);
    return title;
}

std::string value_markup(const Variable& var) {
    if (var.status == ValueStatus::optimized_out && var.value.empty()) return "&lt;optimized out&gt;";
    if (var.value.empty() && !var.children.empty()) return "{\xe2\x80\xa6}";
    return text(var.value);
}

void row(std::string& out, const Variable& var, bool assertion, const char* tag) {
    out += "<";
    out += tag;
    out += " class=\"var-row\"";
    const std::string title = row_title(var);
    if (!title.empty()) out += " title=\"" + escape_markup(title) + "\"";
    out += "><span class=\"vn\">" + text(var.name) + "</span>";
    // Parameters and captures are worth telling apart from plain locals.
    if (var.kind == "param" || var.kind == "capture" || var.kind == "static" || var.kind == "base")
        out += "<span class=\"vk\">" + text(var.kind) + "</span>";
    // A summary is cut to one line; the whole of it stays one hover away.
    const bool summary = std::string_view(tag) == "summary";
    out +=
        summary && !var.value.empty() ? "<span class=\"vv\" title=\"" + text(var.value) + "\">" : "<span class=\"vv\">";
    out += value_markup(var) + "</span>";
    if (var.status != ValueStatus::ok)
        out += std::string("<span class=\"badge ") + status_class(var.status) + "\">" + status_label(var.status) +
               "</span>";
    if (assertion) out += "<span class=\"badge assert\">in assertion</span>";
    if (!var.type.empty()) out += "<span class=\"vt\" title=\"" + text(var.type) + "\">" + text(var.type) + "</span>";
    out += "</";
    out += tag;
    out += ">";
}

// A shadowed variable shares the name but is not the one the expression reads.
bool named_by_assertion(const Variable& var, const std::vector<std::string>& assertion_names) {
    return var.status != ValueStatus::shadowed &&
           std::find(assertion_names.begin(), assertion_names.end(), var.name) != assertion_names.end();
}

void render_list(std::string& out, const std::vector<const Variable*>& vars,
                 const std::vector<std::string>& assertion_names, int depth);

void render_one(std::string& out, const Variable& var, bool assertion, int depth) {
    out += "<li class=\"var ";
    out += status_class(var.status);
    if (assertion) out += " assert";
    out += "\">";
    if (var.children.empty()) {
        row(out, var, assertion, "div");
    } else {
        // Folded, except what the assertion names: that is what the reader wants to see.
        out += assertion ? "<details open>" : "<details>";
        row(out, var, assertion, "summary");
        if (depth + 1 >= max_depth) {
            out += "<p class=\"none\">deeper levels are in the capsule file, not shown here</p>";
        } else {
            std::vector<const Variable*> children;
            for (const Variable& child : var.children) children.push_back(&child);
            render_list(out, children, {}, depth + 1);
        }
        out += "</details>";
    }
    out += "</li>\n";
}

void render_list(std::string& out, const std::vector<const Variable*>& vars,
                 const std::vector<std::string>& assertion_names, int depth) {
    out += "<ul class=\"vars\">";
    for (const Variable* var : vars) {
        render_one(out, *var, named_by_assertion(*var, assertion_names), depth);
    }
    out += "</ul>\n";
}

}  // namespace

void render_variables(std::string& out, const std::vector<Variable>& vars,
                      const std::vector<std::string>& assertion_names) {
    std::vector<const Variable*> order;
    for (const Variable& var : vars) order.push_back(&var);
    auto rank = [&](const Variable* var) {
        if (!named_by_assertion(*var, assertion_names)) return assertion_names.size();
        auto it = std::find(assertion_names.begin(), assertion_names.end(), var->name);
        return static_cast<std::size_t>(it - assertion_names.begin());
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const Variable* a, const Variable* b) { return rank(a) < rank(b); });
    render_list(out, order, assertion_names, 0);
}

}  // namespace capsule::cli::html

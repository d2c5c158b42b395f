// How container views add their elements: children named "[i]" (or key and
// value pairs for maps) under the value budget, the depth cut, and the
// closing "N more" marker and summary. Every container view goes through
// these so that all containers are bounded, cut and summarised alike.
#include <algorithm>
#include <utility>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// As Reader::summarize: a preview, the children hold the values.
constexpr std::size_t summary_limit = 200;

bool is_more_marker(const Variable& c) {
    return c.kind == "element" && c.name == "..." && c.status == ValueStatus::truncated;
}

}  // namespace

std::string index_name(std::uint64_t index) { return "[" + std::to_string(index) + "]"; }

bool stop_at_depth(const Reader& reader, Level level, Variable& v) {
    if (reader.may_descend(level)) return false;
    v.value += " = {...}";
    v.status = ValueStatus::truncated;
    return true;
}

std::uint64_t shown_count(const Reader& reader, std::uint64_t size) {
    return std::min<std::uint64_t>(size, reader.bounds().max_items);
}

Variable* add_element(Reader& reader, Variable& v, std::string name, Dwarf_Die* type,
                      const ObjectRef& object, Level level, const char* kind) {
    Variable* c = reader.add_child(v, std::move(name), kind);
    if (c == nullptr) return nullptr;
    c->type = type_name(type);
    reader.fill_child(type, object, Level{level.depth + 1, level.pointers}, *c);
    return c;
}

bool add_map_entry(Reader& reader, Variable& v, std::uint64_t index, Dwarf_Die* pair_type,
                   const ObjectRef& entry, Level level) {
    Dwarf_Die pair;
    FoundMember first, second;
    if (!peel(pair_type, pair) || !find_member(&pair, "first", first) ||
        !find_member(&pair, "second", second) || !first.has_type || !second.has_type)
        return false;
    const std::string name = index_name(index);
    if (add_element(reader, v, name, &first.type, entry.at(first.offset), level, "key") == nullptr)
        return false;
    return add_element(reader, v, name, &second.type, entry.at(second.offset), level, "value") !=
           nullptr;
}

void show_nodes(Reader& reader, Variable& v, std::span<const std::uint64_t> nodes,
                const NodeValues& values, std::uint64_t size, const std::string& heading,
                Level level) {
    const std::uint64_t shown = nodes.size();
    for (std::uint64_t i = 0; i < shown; ++i) {
        const ObjectRef value = ObjectRef::in_memory(nodes[i] + values.offset);
        if (values.is_map) {
            if (!add_map_entry(reader, v, i, values.type, value, level)) break;
        } else if (add_element(reader, v, index_name(i), values.type, value, level) == nullptr) {
            break;
        }
    }
    if (values.is_map)
        finish_map(reader, v, heading, shown, size);
    else
        finish(reader, v, heading, shown, size, true);
}

std::string summarize_map(const Variable& v) {
    std::string out = "{";
    bool first = true;
    bool marked = false;
    for (std::size_t i = 0; i < v.children.size(); ++i) {
        const Variable& c = v.children[i];
        if (is_more_marker(c)) {
            out += "...";
            marked = true;
            break;
        }
        if (c.kind != "key") continue;
        const bool has_value = i + 1 < v.children.size() && v.children[i + 1].kind == "value";
        if (!first) out += ", ";
        first = false;
        out += "[" + c.value + "] = " + (has_value ? v.children[i + 1].value : std::string("..."));
        if (out.size() > summary_limit) {
            std::size_t cut = summary_limit;
            // Not inside a UTF-8 sequence.
            while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
            out.resize(cut);
            out += "...";
            marked = true;
            break;
        }
    }
    if (!marked && v.status == ValueStatus::truncated) out += "...";
    return out + "}";
}

void finish(Reader& reader, Variable& v, const std::string& heading, std::uint64_t shown,
            std::uint64_t size, bool brace_names) {
    if (size > shown && v.children.size() == shown) reader.add_more_marker(v, size - shown);
    v.value = heading;
    if (!v.children.empty()) v.value += " = " + Reader::summarize(v, brace_names);
}

void finish_map(Reader& reader, Variable& v, const std::string& heading, std::uint64_t shown,
                std::uint64_t size) {
    if (size > shown && v.children.size() == shown * 2) reader.add_more_marker(v, size - shown);
    v.value = heading;
    if (!v.children.empty()) v.value += " = " + summarize_map(v);
}

}  // namespace capsule::values::stdlib

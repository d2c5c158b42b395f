// Qualified names need a DIE's enclosing namespaces and classes, but DWARF
// only links parents to children. Each compilation unit is walked once and
// its scope tree kept, keyed by the Dwarf handle and unit offset.
#include <dwarf.h>

#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "values/dwarf_types.hpp"

namespace capsule::values {

namespace {

struct ScopeEntry {
    Dwarf_Off parent = 0;  // 0: the unit itself
    const char* name = nullptr;
    int tag = 0;
};

struct UnitScopes {
    // A Dwarf handle can be freed and its address reused by a later session;
    // the unit name's address in the mapped string section tells them apart.
    const char* token = nullptr;
    std::unordered_map<Dwarf_Off, ScopeEntry> entries;
};

// Enough for every unit a capture touches; past it the cache starts over
// rather than grow with every Dwfl session of a long-running process.
constexpr std::size_t max_cached_units = 256;
constexpr int max_scope_nesting = 64;

std::mutex cache_mutex;
std::map<std::pair<const Dwarf*, Dwarf_Off>, UnitScopes> cache;

bool is_scope(int tag) {
    return tag == DW_TAG_namespace || tag == DW_TAG_class_type || tag == DW_TAG_structure_type ||
           tag == DW_TAG_union_type;
}

bool is_named_type(int tag) {
    return is_scope(tag) || tag == DW_TAG_enumeration_type || tag == DW_TAG_typedef ||
           tag == DW_TAG_base_type || tag == DW_TAG_unspecified_type;
}

void walk(Dwarf_Die* scope, Dwarf_Off scope_offset, UnitScopes& unit, int nesting) {
    if (nesting > max_scope_nesting) return;
    Dwarf_Die child;
    if (dwarf_child(scope, &child) != 0) return;
    do {
        const int tag = dwarf_tag(&child);
        if (!is_named_type(tag)) continue;
        const Dwarf_Off offset = dwarf_dieoffset(&child);
        unit.entries[offset] = ScopeEntry{scope_offset, dwarf_diename(&child), tag};
        if (is_scope(tag)) walk(&child, offset, unit, nesting + 1);
    } while (dwarf_siblingof(&child, &child) == 0);
}

std::string prefix_from(const UnitScopes& unit, Dwarf_Off parent) {
    std::string prefix;
    for (int i = 0; parent != 0 && i < max_scope_nesting; ++i) {
        auto it = unit.entries.find(parent);
        if (it == unit.entries.end()) break;
        const ScopeEntry& e = it->second;
        std::string part;
        if (e.name != nullptr)
            part = e.name;
        else if (e.tag == DW_TAG_namespace)
            part = "(anonymous namespace)";
        else
            part = e.tag == DW_TAG_union_type ? "union {...}" : "struct {...}";
        prefix.insert(0, part + "::");
        parent = e.parent;
    }
    return prefix;
}

}  // namespace

std::string scope_prefix(Dwarf_Die* die) {
    if (die == nullptr) return {};
    // An out-of-line definition of a nested class names its declaration,
    // which is the DIE that sits inside the enclosing scope.
    Dwarf_Die declaration;
    Dwarf_Attribute spec;
    if (dwarf_attr(die, DW_AT_specification, &spec) != nullptr &&
        dwarf_formref_die(&spec, &declaration) != nullptr)
        die = &declaration;

    Dwarf_Die unit_die;
    if (dwarf_diecu(die, &unit_die, nullptr, nullptr) == nullptr) return {};
    const Dwarf* dwarf = dwarf_cu_getdwarf(die->cu);
    const auto key = std::make_pair(dwarf, dwarf_dieoffset(&unit_die));
    const char* token = dwarf_diename(&unit_die);

    std::lock_guard lock(cache_mutex);
    auto it = cache.find(key);
    if (it == cache.end() || it->second.token != token) {
        if (it == cache.end() && cache.size() >= max_cached_units) cache.clear();
        UnitScopes& unit = cache[key];
        unit.token = token;
        unit.entries.clear();
        walk(&unit_die, 0, unit, 0);
        it = cache.find(key);
    }
    const UnitScopes& unit = it->second;
    auto self = unit.entries.find(dwarf_dieoffset(die));
    if (self == unit.entries.end()) return {};  // function-local, or not a named type
    return prefix_from(unit, self->second.parent);
}

}  // namespace capsule::values

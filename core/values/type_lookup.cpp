#include "values/type_lookup.hpp"

#include <dwarf.h>

#include <cstdlib>
#include <memory>

#include "symbols/symbols.hpp"
#include "values/dwarf_types.hpp"

namespace capsule::values {

namespace {

constexpr int max_scope_nesting = 32;

bool is_declaration(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    bool flag = false;
    return dwarf_attr(die, DW_AT_declaration, &attr) != nullptr && dwarf_formflag(&attr, &flag) == 0 &&
           flag;
}

// Namespaces and classes below `scope`, named with the demangler's
// "(anonymous namespace)" for unnamed namespaces. Function bodies are not
// entered: a class local to a function has no name a symbol could use.
void walk(Dwarf_Die* scope, const std::string& prefix, int nesting,
          std::unordered_map<std::string, Dwarf_Die>& index, std::size_t& dies_left) {
    if (nesting > max_scope_nesting) return;
    Dwarf_Die child;
    if (dwarf_child(scope, &child) != 0) return;
    do {
        if (dies_left == 0) return;
        --dies_left;
        const int tag = dwarf_tag(&child);
        if (tag != DW_TAG_namespace && !is_class_tag(tag)) continue;
        const char* name = dwarf_diename(&child);
        if (name == nullptr && tag != DW_TAG_namespace) continue;
        const std::string qualified =
            prefix + (name != nullptr ? compact_type_name(name) : std::string("(anonymousnamespace)"));
        if (is_class_tag(tag) && !is_declaration(&child)) index.emplace(qualified, child);
        walk(&child, qualified + "::", nesting + 1, index, dies_left);
    } while (dwarf_siblingof(&child, &child) == 0);
}

struct FreeDies {
    void operator()(Dwarf_Die* dies) const { std::free(dies); }
};

}  // namespace

std::string compact_type_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name)
        if (c != ' ') out += c;
    return out;
}

bool TypeLookup::symbol_at(std::uint64_t address, Symbol& out) const {
    if (dwfl_ == nullptr) return false;
    Dwfl_Module* module = dwfl_addrmodule(dwfl_, address);
    if (module == nullptr) return false;
    GElf_Off offset = 0;
    GElf_Sym sym;
    const char* name =
        dwfl_module_addrinfo(module, address, &offset, &sym, nullptr, nullptr, nullptr);
    if (name == nullptr) return false;
    out.mangled = name;
    // A shared library's versioned symbol: "_ZTIi@CXXABI_1.3".
    if (const auto at = out.mangled.find('@'); at != std::string::npos) out.mangled.resize(at);
    out.offset = offset;
    out.size = sym.st_size;
    const int type = GELF_ST_TYPE(sym.st_info);
    out.is_code_or_data = type == STT_FUNC || type == STT_OBJECT || type == STT_TLS ||
                          type == STT_GNU_IFUNC;
    return true;
}

const TypeLookup::NameIndex& TypeLookup::index_of(Dwarf_Die* unit) {
    const auto key = std::make_pair(static_cast<const Dwarf*>(dwarf_cu_getdwarf(unit->cu)),
                                    dwarf_dieoffset(unit));
    auto it = units_.find(key);
    if (it != units_.end()) return it->second;
    NameIndex& index = units_[key];
    walk(unit, "", 0, index, dies_left_);
    return index;
}

bool TypeLookup::find_class(std::string_view qualified, Dwarf_Die* near, std::uint64_t address,
                            Dwarf_Die& out) {
    const std::string key = compact_type_name(qualified);
    if (auto it = found_.find(key); it != found_.end()) {
        out = it->second.second;
        return it->second.first;
    }
    auto remember = [&](bool found, const Dwarf_Die& die) {
        found_[key] = {found, die};
        if (found) out = die;
        return found;
    };
    Dwarf_Die unit;
    if (near != nullptr && dwarf_diecu(near, &unit, nullptr, nullptr) != nullptr) {
        const NameIndex& index = index_of(&unit);
        if (auto hit = index.find(key); hit != index.end()) return remember(true, hit->second);
    }
    // The module that holds `address`, then the one `near` is from: a class
    // one unit only declares is defined in another unit of the program.
    Dwfl_Module* module = dwfl_ != nullptr && address != 0 ? dwfl_addrmodule(dwfl_, address) : nullptr;
    Dwarf_Addr bias = 0;
    Dwarf* by_address = module != nullptr ? dwfl_module_getdwarf(module, &bias) : nullptr;
    Dwarf* by_near = near != nullptr ? dwarf_cu_getdwarf(near->cu) : nullptr;
    for (Dwarf* dwarf : {by_address, by_near == by_address ? nullptr : by_near}) {
        if (dwarf == nullptr) continue;
        Dwarf_Off offset = 0, next = 0;
        std::size_t header = 0;
        while (dies_left_ > 0 &&
               dwarf_nextcu(dwarf, offset, &next, &header, nullptr, nullptr, nullptr) == 0) {
            Dwarf_Die cu;
            if (dwarf_offdie(dwarf, offset + header, &cu) != nullptr) {
                const NameIndex& index = index_of(&cu);
                if (auto hit = index.find(key); hit != index.end()) return remember(true, hit->second);
            }
            offset = next;
        }
    }
    return remember(false, Dwarf_Die{});
}

bool TypeLookup::class_of_function(std::uint64_t pc, Dwarf_Die& out) {
    if (dwfl_ == nullptr) return false;
    Dwfl_Module* module = dwfl_addrmodule(dwfl_, pc);
    Dwarf_Die cu;
    Dwarf_Addr bias = 0;
    if (module == nullptr || !symbols::find_cu(module, pc, cu, bias)) return false;
    Dwarf_Die* raw = nullptr;
    const int count = dwarf_getscopes(&cu, pc - bias, &raw);
    std::unique_ptr<Dwarf_Die, FreeDies> scopes(raw);
    if (count <= 0) return false;
    for (int i = 0; i < count; ++i) {
        if (dwarf_tag(&scopes.get()[i]) != DW_TAG_subprogram) continue;
        Dwarf_Die function = scopes.get()[i];
        Dwarf_Attribute attr;
        // The out-of-line copy names its inline definition, which names the
        // declaration inside the class.
        Dwarf_Die origin;
        if (dwarf_attr(&function, DW_AT_abstract_origin, &attr) != nullptr &&
            dwarf_formref_die(&attr, &origin) != nullptr)
            function = origin;
        Dwarf_Die declaration;
        if (dwarf_attr(&function, DW_AT_specification, &attr) == nullptr ||
            dwarf_formref_die(&attr, &declaration) == nullptr)
            return false;
        Dwarf_Die* outer = nullptr;
        const int depth = dwarf_getscopes_die(&declaration, &outer);
        std::unique_ptr<Dwarf_Die, FreeDies> enclosing(outer);
        if (depth < 2 || !is_class_tag(dwarf_tag(&enclosing.get()[1]))) return false;
        out = enclosing.get()[1];
        return true;
    }
    return false;
}

}  // namespace capsule::values

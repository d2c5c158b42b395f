#include "codemap/collect.hpp"

#include <dwarf.h>

#include <algorithm>

#include "codemap/signature.hpp"
#include "codemap/source_files.hpp"

namespace capsule::codemap {
namespace {

// Nesting deeper than this is a malformed file, not a program.
constexpr int max_nesting = 64;

struct Scope {
    std::string prefix;  // "geometry::Circle::"
    std::string ns;      // "geometry"
    int class_index = -1;
    bool system = false;  // a class of the library: only its name matters
};

struct Identity {
    std::string signature;
    std::string key;
    Position declaration;
    bool system = false;
};

// A DIE that stands for a body: code of its own, or the abstract instance
// that inlined and out-of-line copies refer to. Others (a constructor
// variant named only to be called) add nothing.
bool has_body(Dwarf_Die* die) {
    return dwarf_hasattr(die, DW_AT_low_pc) || dwarf_hasattr(die, DW_AT_ranges) ||
           dwarf_hasattr(die, DW_AT_inline);
}

// Through the declaration chain: a definition of a compiler-made function
// is as artificial as its declaration.
bool flag(Dwarf_Die* die, unsigned name) {
    Dwarf_Attribute attr;
    bool value = false;
    return dwarf_attr_integrate(die, name, &attr) && dwarf_formflag(&attr, &value) == 0 && value;
}

// On this DIE alone: a definition that points at its declaration is not one.
bool is_declaration(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    bool value = false;
    return dwarf_attr(die, DW_AT_declaration, &attr) && dwarf_formflag(&attr, &value) == 0 && value;
}

std::string comp_dir_of(Dwarf_Die* cudie) {
    Dwarf_Attribute attr;
    const char* dir = dwarf_formstring(dwarf_attr(cudie, DW_AT_comp_dir, &attr));
    return dir ? dir : "";
}

// DW_AT_decl_file through the declaration chain, looked up in the file table
// of the unit the attribute came from. Not dwarf_decl_file: elfutils 0.188
// reads index 0 as "no file", but in DWARF 5 it is the unit's own source,
// which is where clang declares everything of the main file.
const char* decl_file(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    Dwarf_Word index = 0;
    if (!dwarf_attr_integrate(die, DW_AT_decl_file, &attr) || dwarf_formudata(&attr, &index) != 0) return nullptr;
    Dwarf_Die cu;
    Dwarf_Half version = 0;
    if (!dwarf_cu_die(attr.cu, &cu, &version, nullptr, nullptr, nullptr, nullptr, nullptr)) return nullptr;
    if (index == 0 && version < 5) return nullptr;
    Dwarf_Files* files = nullptr;
    std::size_t count = 0;
    if (dwarf_getsrcfiles(&cu, &files, &count) != 0 || index >= count) return nullptr;
    return dwarf_filesrc(files, index, nullptr, nullptr);
}

const char* class_kind(int tag) {
    return tag == DW_TAG_class_type ? "class" : tag == DW_TAG_union_type ? "union" : "struct";
}

class UnitWalk {
public:
    UnitWalk(Dwarf_Die* cudie, const CollectOptions& options, Collected& out)
        : cudie_(*cudie), comp_dir_(comp_dir_of(cudie)), options_(options), out_(out) {}

    void run() {
        scope_table_.push_back(Scope{});
        visit_children(&cudie_, 0, 0);
        if (options_.body_lines && dwarf_getsrclines(&cudie_, &lines_, &line_count_) != 0) {
            lines_ = nullptr;
            line_count_ = 0;
        }
        for (Dwarf_Die& die : definitions_) define(die);
    }

private:
    // `scope` indexes scope_table_: every function DIE refers to its scope,
    // and a class's hundred methods share one.
    void visit_children(Dwarf_Die* parent, int scope, int depth) {
        Dwarf_Die child;
        if (depth > max_nesting || dwarf_child(parent, &child) != 0) return;
        do {
            switch (dwarf_tag(&child)) {
                case DW_TAG_namespace: {
                    const char* name = dwarf_diename(&child);
                    const std::string n = name ? name : "(anonymous namespace)";
                    const Scope& outer = scope_table_[static_cast<std::size_t>(scope)];
                    scope_table_.push_back(
                        Scope{outer.prefix + n + "::", outer.ns.empty() ? n : outer.ns + "::" + n, -1});
                    visit_children(&child, static_cast<int>(scope_table_.size() - 1), depth + 1);
                    break;
                }
                case DW_TAG_class_type:
                case DW_TAG_structure_type:
                case DW_TAG_union_type:
                    visit_class(&child, scope, depth);
                    break;
                case DW_TAG_subprogram:
                    record_function(&child, scope);
                    break;
                default:
                    break;
            }
        } while (dwarf_siblingof(&child, &child) == 0);
    }

    void visit_class(Dwarf_Die* die, int scope_index, int depth) {
        const char* name = dwarf_diename(die);
        // Anonymous aggregates hold data, not functions; a declaration is
        // completed in some other unit.
        if (!name || is_declaration(die)) return;
        const Position where = position_of(die);
        const std::string ns = scope_table_[static_cast<std::size_t>(scope_index)].ns;
        const std::string qualified = scope_table_[static_cast<std::size_t>(scope_index)].prefix + name;
        // The library's classes are not the program's code; their scope
        // still names the methods that the program calls.
        const bool system = is_system_path(where.file);
        if (system) out_.system_files.insert(where.file);
        int index = -1;
        if (!system && !where.file.empty()) {
            const std::string key = qualified + "@" + where.file + ":" + std::to_string(where.line);
            auto found = out_.class_index.find(key);
            if (found != out_.class_index.end()) {
                index = found->second;
            } else {
                ClassEntry entry;
                entry.cls.name = qualified;
                entry.cls.kind = class_kind(dwarf_tag(die));
                entry.cls.declaration = where;
                entry.ns = ns;
                index = static_cast<int>(out_.classes.size());
                out_.classes.push_back(std::move(entry));
                out_.class_index.emplace(key, index);
            }
        }
        scope_table_.push_back(Scope{qualified + "::", ns, index, system});
        visit_children(die, static_cast<int>(scope_table_.size() - 1), depth + 1);
    }

    void record_function(Dwarf_Die* die, int scope) {
        scopes_[dwarf_dieoffset(die)] = scope;
        if (scope_table_[static_cast<std::size_t>(scope)].system) return;
        if (!is_declaration(die)) {
            if (has_body(die)) definitions_.push_back(*die);
        } else if (!flag(die, DW_AT_artificial)) {
            // Methods are listed even where no body is in the binary; free
            // functions only when one is, but this may be where the header's
            // declaration shows.
            function_entry(die);
        }
    }

    void define(Dwarf_Die& die) {
        if (flag(&die, DW_AT_artificial)) return;
        Dwarf_Die declaration = first_declaration(&die);
        const int index = function_entry(&declaration);
        if (index < 0) return;
        FunctionEntry& entry = out_.functions[static_cast<std::size_t>(index)];
        const std::string key = entry.key;
        if (!entry.defined) entry.function.definition = position_of(&die);
        entry.defined = true;
        note_last_line(&die, key, entry.function.definition.file);
        collect_calls(&die, key, 0);
    }

    // Call sites record calls that stayed calls; inlined subroutines are calls
    // the compiler folded in, and what they call in turn is theirs.
    void collect_calls(Dwarf_Die* body, const std::string& owner, int depth) {
        Dwarf_Die child;
        if (depth > max_nesting || dwarf_child(body, &child) != 0) return;
        do {
            const int tag = dwarf_tag(&child);
            if (tag == DW_TAG_call_site || tag == DW_TAG_GNU_call_site) {
                Dwarf_Die callee;
                if (reference(&child, DW_AT_call_origin, callee) || reference(&child, DW_AT_abstract_origin, callee))
                    if (dwarf_tag(&callee) == DW_TAG_subprogram)
                        out_.calls[owner].insert(identity_of(&callee).signature);
            } else if (tag == DW_TAG_inlined_subroutine) {
                Dwarf_Die callee;
                if (!reference(&child, DW_AT_abstract_origin, callee)) continue;
                const Identity& id = identity_of(&callee);
                out_.calls[owner].insert(id.signature);
                Position inlined_def = position_of(&callee);
                note_last_line(&child, id.key, inlined_def.file);
                collect_calls(&child, id.key, depth + 1);
            } else if (tag == DW_TAG_lexical_block || tag == DW_TAG_try_block || tag == DW_TAG_catch_block) {
                collect_calls(&child, owner, depth + 1);
            }
        } while (dwarf_siblingof(&child, &child) == 0);
    }

    static bool reference(Dwarf_Die* die, unsigned name, Dwarf_Die& out) {
        Dwarf_Attribute attr;
        return dwarf_attr(die, name, &attr) && dwarf_formref_die(&attr, &out);
    }

    int function_entry(Dwarf_Die* declaration) {
        // Position first: most declarations a unit sees are the library's,
        // and their signatures are never needed.
        Dwarf_Die first = first_declaration(declaration);
        const Position where = position_of(&first);
        if (is_system_path(where.file)) {
            out_.system_files.insert(where.file);
            return -1;
        }
        const Identity& id = identity_of(declaration);
        if (id.system) {
            out_.system_files.insert(id.declaration.file);
            return -1;
        }
        if (id.declaration.file.empty()) return -1;  // nowhere to put it
        if (auto found = out_.function_index.find(id.key); found != out_.function_index.end()) {
            auto& seen = out_.functions[static_cast<std::size_t>(found->second)].declarations;
            if (std::find(seen.begin(), seen.end(), id.declaration) == seen.end()) seen.push_back(id.declaration);
            return found->second;
        }
        if (out_.functions.size() >= options_.max_functions) {
            out_.truncated = true;
            return -1;
        }
        FunctionEntry entry;
        entry.key = id.key;
        entry.function.name = function_name(declaration);
        entry.function.signature = id.signature;
        entry.declarations.push_back(id.declaration);
        if (auto scope = scopes_.find(dwarf_dieoffset(declaration)); scope != scopes_.end()) {
            entry.ns = scope_table_[static_cast<std::size_t>(scope->second)].ns;
            entry.class_index = scope_table_[static_cast<std::size_t>(scope->second)].class_index;
        }
        const int index = static_cast<int>(out_.functions.size());
        out_.functions.push_back(std::move(entry));
        out_.function_index.emplace(id.key, index);
        return index;
    }

    const Identity& identity_of(Dwarf_Die* function) {
        Dwarf_Die declaration = first_declaration(function);
        const Dwarf_Off offset = dwarf_dieoffset(&declaration);
        if (auto found = identities_.find(offset); found != identities_.end()) return found->second;
        Identity id;
        auto scope = scopes_.find(offset);
        id.signature = function_signature(
            &declaration, scope != scopes_.end() ? scope_table_[static_cast<std::size_t>(scope->second)].prefix : "");
        id.declaration = position_of(&declaration);
        id.system = is_system_path(id.declaration.file);
        id.key = flag(&declaration, DW_AT_external)
                     ? id.signature
                     : id.signature + "@" + id.declaration.file + ":" + std::to_string(id.declaration.line);
        return identities_.emplace(offset, std::move(id)).first->second;
    }

    Position position_of(Dwarf_Die* die) {
        Position out;
        out.file = source_path(decl_file(die), die);
        dwarf_decl_line(die, &out.line);
        return out;
    }

    std::string source_path(const char* name, Dwarf_Die* die) {
        if (!name) return {};
        if (auto found = files_.find(name); found != files_.end()) return found->second;
        // A DIE of another unit (DW_FORM_ref_addr) is relative to that unit's directory.
        std::string dir = comp_dir_;
        Dwarf_Die cu;
        if (die && dwarf_diecu(die, &cu, nullptr, nullptr) &&
            dwarf_dieoffset(&cu) != dwarf_dieoffset(&cudie_))
            dir = comp_dir_of(&cu);
        return files_.emplace(name, absolute_source_path(name, dir)).first->second;
    }

    // The highest line, in `file`, that the line table gives an address of
    // `die`'s ranges.
    void note_last_line(Dwarf_Die* die, const std::string& key, const std::string& file) {
        if (!lines_ || file.empty()) return;
        int highest = 0;
        Dwarf_Addr base = 0, low = 0, high = 0;
        for (ptrdiff_t pos = 0; (pos = dwarf_ranges(die, pos, &base, &low, &high)) > 0;) {
            std::size_t first = first_line_at(low);
            for (std::size_t i = first; i < line_count_; ++i) {
                Dwarf_Line* line = dwarf_onesrcline(lines_, i);
                Dwarf_Addr address = 0;
                if (!line || dwarf_lineaddr(line, &address) != 0 || address >= high) break;
                int number = 0;
                if (dwarf_lineno(line, &number) != 0 || number <= highest) continue;
                if (source_path(dwarf_linesrc(line, nullptr, nullptr), nullptr) == file) highest = number;
            }
        }
        if (highest > 0) {
            int& known = out_.last_lines[key];
            known = std::max(known, highest);
        }
    }

    // libdw keeps a unit's lines sorted by address.
    std::size_t first_line_at(Dwarf_Addr address) const {
        std::size_t low = 0, high = line_count_;
        while (low < high) {
            const std::size_t mid = low + (high - low) / 2;
            Dwarf_Addr at = 0;
            Dwarf_Line* line = dwarf_onesrcline(lines_, mid);
            if (line && dwarf_lineaddr(line, &at) == 0 && at < address) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    Dwarf_Die cudie_;
    std::string comp_dir_;
    const CollectOptions& options_;
    Collected& out_;
    std::vector<Scope> scope_table_;
    std::unordered_map<Dwarf_Off, int> scopes_;  // function DIE -> its scope
    std::vector<Dwarf_Die> definitions_;
    std::unordered_map<Dwarf_Off, Identity> identities_;
    std::unordered_map<const char*, std::string> files_;
    Dwarf_Lines* lines_ = nullptr;
    std::size_t line_count_ = 0;
};

}  // namespace

void settle_declarations(Collected& collected) {
    for (FunctionEntry& entry : collected.functions) {
        const Position& definition = entry.function.definition;
        entry.function.declaration = entry.declarations.front();
        for (const Position& p : entry.declarations) {
            if (p.file != definition.file || p.line != definition.line) {
                entry.function.declaration = p;
                break;
            }
        }
    }
}

void collect_unit(Dwarf_Die* cudie, const CollectOptions& options, Collected& out) {
    ++out.units;
    UnitWalk(cudie, options, out).run();
}

}  // namespace capsule::codemap

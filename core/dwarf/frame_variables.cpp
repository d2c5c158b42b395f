// Which parameters and locals a logical frame has at its pc, as gdb would list
// them, and their values.
#include "dwarf/frame_variables.hpp"

#include <dwarf.h>

#include <set>
#include <string_view>

#include "dwarf/expression.hpp"

namespace capsule::dwarf {
namespace {

const char* die_name(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

bool die_type(Dwarf_Die* die, Dwarf_Die& type) {
    Dwarf_Attribute attr;
    return dwarf_formref_die(dwarf_attr_integrate(die, DW_AT_type, &attr), &type) != nullptr;
}

bool flag(Dwarf_Die* die, unsigned int name) {
    Dwarf_Attribute attr;
    bool value = false;
    return dwarf_formflag(dwarf_attr_integrate(die, name, &attr), &value) == 0 && value;
}

// A function-local static lives at a fixed address: its location is DW_OP_addr alone.
bool is_static_storage(Dwarf_Die* die) {
    Dwarf_Attribute attr;
    if (!dwarf_attr(die, DW_AT_location, &attr)) return false;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_getlocation(&attr, &ops, &count) != 0 || count != 1) return false;
    return ops[0].atom == DW_OP_addr || ops[0].atom == DW_OP_addrx ||
           ops[0].atom == DW_OP_GNU_addr_index;
}

bool same_file(const char* decl_file, const std::string& frame_file) {
    if (!decl_file || frame_file.empty()) return false;
    return std::string_view(decl_file) == frame_file;
}

// GCC names a lambda's closure type "<lambda(...)>", clang "(lambda at file:line)".
bool is_closure_type(Dwarf_Die* type) {
    Dwarf_Die peeled;
    if (dwarf_peel_type(type, &peeled) != 0) return false;
    if (dwarf_tag(&peeled) == DW_TAG_pointer_type) {
        Dwarf_Die pointee;
        if (!die_type(&peeled, pointee) || dwarf_peel_type(&pointee, &peeled) != 0) return false;
    }
    const char* name = die_name(&peeled);
    return name && (std::string_view(name).rfind("<lambda", 0) == 0 ||
                    std::string_view(name).rfind("(lambda", 0) == 0);
}

struct Candidate {
    Dwarf_Die die;
    std::string name;
    std::string kind;
    int decl_line = 0;
    bool shadowed = false;
};

}  // namespace

std::vector<Variable> read_frame_variables(const symbols::LogicalFrame& frame,
                                           const FrameEnv& env, values::ReadContext& read) {
    std::vector<Variable> out;
    const symbols::Resolved* resolved = env.resolved;
    if (!resolved || !resolved->scopes || frame.scope_end <= frame.scope_begin) return out;

    std::vector<Candidate> params, locals;
    std::set<std::string> seen;  // names declared by scopes further in
    for (int i = frame.scope_begin; i < frame.scope_end; ++i) {
        Dwarf_Die* scope = &resolved->scopes->dies[i];
        bool function_scope = i == frame.scope_end - 1;
        std::vector<Candidate> here;
        Dwarf_Die child;
        if (dwarf_child(scope, &child) != 0) continue;
        do {
            int tag = dwarf_tag(&child);
            bool param = tag == DW_TAG_formal_parameter;
            if (!param && tag != DW_TAG_variable) continue;
            if (param && !function_scope) continue;
            if (flag(&child, DW_AT_declaration)) continue;  // `extern int x;` inside a function
            const char* name = die_name(&child);
            if (!name) continue;
            Candidate c{child, name, param ? "param" : "local"};
            Dwarf_Word line = 0;
            Dwarf_Attribute attr;
            if (dwarf_formudata(dwarf_attr_integrate(&child, DW_AT_decl_line, &attr), &line) == 0)
                c.decl_line = static_cast<int>(line);
            if (!param) {
                if (is_static_storage(&child)) c.kind = "static";
                // Declared further down this block: its storage exists, its value
                // is garbage. Only comparable within the same file.
                if (c.decl_line > frame.frame.line &&
                    same_file(dwarf_decl_file(&child), frame.frame.file))
                    continue;
            }
            here.push_back(std::move(c));
        } while (dwarf_siblingof(&child, &child) == 0);
        for (auto& c : here) c.shadowed = seen.count(c.name) > 0;
        for (auto& c : here) seen.insert(c.name);
        for (auto& c : here) (c.kind == "param" ? params : locals).push_back(std::move(c));
    }

    auto emit = [&](Candidate& c) {
        if (read.budget.exhausted()) return false;
        Dwarf_Die type;
        bool typed = die_type(&c.die, type);
        Location location = locate_variable(&c.die, env);
        if (c.kind == "param" && location.status == ValueStatus::optimized_out && !frame.frame.inlined)
            if (Location entry = locate_parameter_at_entry(&c.die, resolved->subprogram(), env);
                entry.status == ValueStatus::ok)
                location = std::move(entry);
        if (c.kind == "param" && typed && is_closure_type(&type) &&
            (c.name == "__closure" || c.name == "this")) {
            // A lambda's closure object: its members are the captures.
            Variable closure = values::read_object(&type, location, read);
            const Variable* object = &closure;
            for (const auto& child : closure.children)
                if (child.name.rfind('*', 0) == 0) object = &child;
            for (auto member : object->children) {
                member.kind = "capture";
                if (member.name.rfind("__", 0) == 0 && member.name.size() > 2) member.name.erase(0, 2);
                out.push_back(std::move(member));
            }
            return true;
        }
        Variable v;
        if (location.implicit_pointer) {
            v = read_implicit_pointer(typed ? &type : nullptr, location, env, read);
        } else {
            v = values::read_object(typed ? &type : nullptr, location, read, c.name);
        }
        v.name = c.name;
        v.kind = c.kind;
        v.decl_line = c.decl_line;
        if (location.implicit_pointer && !v.children.empty()) v.children[0].name = "*" + c.name;
        if (c.shadowed) v.status = ValueStatus::shadowed;
        out.push_back(std::move(v));
        return true;
    };
    for (auto& c : params)
        if (!emit(c)) return out;
    for (auto& c : locals)
        if (!emit(c)) return out;
    return out;
}

Variable read_implicit_pointer(Dwarf_Die* pointer_type, const Location& location,
                               const FrameEnv& env, values::ReadContext& read) {
    Variable v;
    v.type = pointer_type ? values::type_name(pointer_type) : "void *";
    v.value = "<synthetic pointer>";
    Dwarf* dwarf = env.resolved ? dwarf_cu_getdwarf(env.resolved->cudie.cu) : nullptr;
    Dwarf_Die target, pointee_type;
    if (!dwarf || !dwarf_offdie(dwarf, location.implicit_target_die, &target)) return v;
    Location pointee = locate_variable(&target, env);
    bool typed = pointer_type && die_type(pointer_type, pointee_type);
    // Only the start of the object is addressable without memory behind it.
    if (location.implicit_offset != 0 && !pointee.in_memory()) {
        v.value = "<synthetic pointer, offset " + std::to_string(location.implicit_offset) + ">";
        return v;
    }
    if (pointee.in_memory()) pointee.pieces[0].address += location.implicit_offset;
    Variable child = values::read_object(typed ? &pointee_type : nullptr, pointee, read);
    child.name = "*";
    child.kind = "member";
    v.children.push_back(std::move(child));
    return v;
}

}  // namespace capsule::dwarf

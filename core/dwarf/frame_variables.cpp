// Which parameters and locals a logical frame has at its pc, as gdb would list
// them, and their values.
#include "dwarf/frame_variables.hpp"

#include <dwarf.h>

#include <cstdlib>
#include <set>
#include <string_view>

#include "dwarf/expression.hpp"
#include "dwarf/lambda_captures.hpp"

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

// Where the closure pointer points: the address of the object it was followed
// to, else its printed value.
std::uint64_t closure_address(const Variable& pointer) {
    for (const auto& child : pointer.children)
        if (child.name.rfind('*', 0) == 0 && child.address != 0) return child.address;
    if (pointer.status != ValueStatus::ok || pointer.value.rfind("0x", 0) != 0) return 0;
    return std::strtoull(pointer.value.c_str(), nullptr, 16);
}

bool refers_to(Dwarf_Die* die, unsigned int name, Dwarf_Off& offset) {
    Dwarf_Attribute attr;
    Dwarf_Die target;
    if (!dwarf_formref_die(dwarf_attr(die, name, &attr), &target)) return false;
    offset = dwarf_dieoffset(&target);
    return true;
}

struct Candidate {
    Dwarf_Die die;
    std::string name;
    std::string kind;
    int decl_line = 0;
    bool shadowed = false;
    bool artificial = false;
};

// One parameter or variable DIE as a candidate, or false when it is not one
// this frame lists.
bool make_candidate(Dwarf_Die* die, bool function_scope, const symbols::LogicalFrame& frame,
                    Candidate& c) {
    int tag = dwarf_tag(die);
    bool param = tag == DW_TAG_formal_parameter;
    if (!param && tag != DW_TAG_variable) return false;
    if (param && !function_scope) return false;
    if (flag(die, DW_AT_declaration)) return false;  // `extern int x;` inside a function
    const char* name = die_name(die);
    if (!name) return false;
    c = Candidate{*die, name, param ? "param" : "local"};
    c.artificial = flag(die, DW_AT_artificial);
    Dwarf_Word line = 0;
    Dwarf_Attribute attr;
    if (dwarf_formudata(dwarf_attr_integrate(die, DW_AT_decl_line, &attr), &line) == 0)
        c.decl_line = static_cast<int>(line);
    if (!param) {
        if (is_static_storage(die)) c.kind = "static";
        // Declared further down this block: its storage exists, its value
        // is garbage. Only comparable within the same file.
        if (c.decl_line > frame.frame.line && same_file(dwarf_decl_file(die), frame.frame.file))
            return false;
    }
    return true;
}

// The abstract DIEs that the concrete DIEs below `scope` stand for, through
// its nested blocks but not into calls inlined there (bounded: untrusted DWARF).
void collect_origins(Dwarf_Die* scope, std::set<Dwarf_Off>& origins, int depth) {
    Dwarf_Die child;
    if (depth > 32 || dwarf_child(scope, &child) != 0) return;
    do {
        Dwarf_Off offset = 0;
        if (refers_to(&child, DW_AT_abstract_origin, offset)) origins.insert(offset);
        if (dwarf_tag(&child) == DW_TAG_lexical_block) collect_origins(&child, origins, depth + 1);
    } while (dwarf_siblingof(&child, &child) == 0);
}

// A concrete function (inlined or out of line) lists only what it has a
// location for; the rest exists in its abstract origin alone. gdb shows those
// too, <optimized out>, and so does the capsule. Nested blocks of the origin
// are left out: the concrete blocks stand for them. A variable the concrete
// function has in a block of its own (GCC moves some there) is not repeated
// (gdb lists it twice, the second time <optimized out>).
void add_abstract_only(Dwarf_Die* function, const symbols::LogicalFrame& frame,
                       std::vector<Candidate>& here) {
    Dwarf_Attribute attr;
    Dwarf_Die origin;
    if (!dwarf_formref_die(dwarf_attr(function, DW_AT_abstract_origin, &attr), &origin)) return;
    std::set<Dwarf_Off> concrete;
    collect_origins(function, concrete, 0);
    Dwarf_Die child;
    if (dwarf_child(&origin, &child) != 0) return;
    do {
        if (concrete.count(dwarf_dieoffset(&child))) continue;
        Candidate c;
        if (make_candidate(&child, true, frame, c)) here.push_back(std::move(c));
    } while (dwarf_siblingof(&child, &child) == 0);
}

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
        if (dwarf_child(scope, &child) == 0) do {
                Candidate c;
                if (make_candidate(&child, function_scope, frame, c)) here.push_back(std::move(c));
            } while (dwarf_siblingof(&child, &child) == 0);
        if (function_scope) add_abstract_only(scope, frame, here);
        for (auto& c : here) c.shadowed = seen.count(c.name) > 0;
        for (auto& c : here) seen.insert(c.name);
        for (auto& c : here) (c.kind == "param" ? params : locals).push_back(std::move(c));
    }

    // Inside a lambda: GCC describes each capture as an artificial variable
    // of the call operator (gdb lists them with the locals); clang only has
    // the closure's members, reached through `this`.
    const Candidate* closure = nullptr;
    Dwarf_Die closure_class;
    for (auto& c : params)
        if (lambda_closure(&c.die, c.name, frame.frame.function, closure_class)) closure = &c;
    bool captures_as_variables = false;
    if (closure)
        for (auto& c : locals)
            if (c.artificial && c.kind == "local") {
                c.kind = "capture";
                captures_as_variables = true;
            }

    auto emit = [&](Candidate& c) {
        if (read.budget.exhausted()) return false;
        Dwarf_Die type;
        bool typed = die_type(&c.die, type);
        Location location = locate_variable(&c.die, env);
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
        // A parameter gone at this pc may still be known as it was passed.
        // That is not its value now (gdb's `info args` says <optimized out>
        // too), so it is shown beside it, as gdb's backtrace does: x@entry.
        if (c.kind == "param" && v.status == ValueStatus::optimized_out && !frame.frame.inlined)
            if (Location entry = locate_parameter_at_entry(&c.die, resolved->subprogram(), env);
                entry.status == ValueStatus::ok) {
                Variable at_entry =
                    values::read_object(typed ? &type : nullptr, entry, read, c.name + "@entry");
                at_entry.name = c.name + "@entry";
                at_entry.kind = "entry";
                v.children.push_back(std::move(at_entry));
            }
        out.push_back(std::move(v));
        if (&c == closure && !captures_as_variables)
            read_captures(&closure_class, closure_address(out.back()), read, out);
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

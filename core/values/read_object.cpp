#include "values/read_object.hpp"

#include <dwarf.h>

#include <algorithm>
#include <string_view>

#include "graph/builder.hpp"
#include "symbols/symbols.hpp"
#include "values/dwarf_types.hpp"
#include "values/reader.hpp"
#include "values/scalar_format.hpp"
#include "values/type_lookup.hpp"

namespace capsule::values {

namespace {

constexpr std::size_t max_scalar_size = 16;
// Real class hierarchies are far shallower; malformed DWARF may be cyclic.
constexpr int max_base_nesting = 32;
// An offset-to-top beyond this comes from a corrupt or foreign vtable.
constexpr std::int64_t max_offset_to_top = std::int64_t{1} << 24;

// The vtable pointer g++ ("_vptr.Base") and clang ("_vptr$Base") give the
// first polymorphic class of a hierarchy.
bool find_vptr(Dwarf_Die* aggregate, std::uint64_t base_offset, int nesting, std::uint64_t& out) {
    if (nesting > max_base_nesting) return false;
    Dwarf_Die child;
    if (dwarf_child(aggregate, &child) != 0) return false;
    do {
        const int tag = dwarf_tag(&child);
        std::uint64_t offset = 0;
        if (tag == DW_TAG_member) {
            const char* name = dwarf_diename(&child);
            if (name != nullptr && std::string_view(name).starts_with("_vptr") &&
                member_offset(&child, offset)) {
                out = base_offset + offset;
                return true;
            }
        } else if (tag == DW_TAG_inheritance) {
            Dwarf_Die base;
            if (member_offset(&child, offset) && type_of(&child, base) && peel(&base, base) &&
                find_vptr(&base, base_offset + offset, nesting + 1, out))
                return true;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
}

}  // namespace

void set_absent(Variable& v, ValueStatus status) {
    v.status = status;
    v.value = absent_text(status);
}

const char* absent_text(ValueStatus status) {
    switch (status) {
    case ValueStatus::optimized_out: return optimized_out_text;
    case ValueStatus::not_implemented: return not_implemented_text;
    case ValueStatus::truncated: return "...";
    default: return unreadable_text;
    }
}

Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context) {
    return read_object(type, location, context, std::string());
}

Variable read_object(Dwarf_Die* type, const dwarf::Location& location, ReadContext& context,
                     const std::string& name) {
    Variable v;
    v.name = name;
    v.type = type_name(type);
    if (!context.budget.take_value()) {
        v.status = ValueStatus::truncated;
        v.value = "...";
        return v;
    }
    if (location.implicit_pointer) {
        // gdb's word for a pointer the compiler replaced by what it points to.
        v.value = "<synthetic pointer>";
        return v;
    }
    if (location.status != ValueStatus::ok) {
        set_absent(v, location.status);
        return v;
    }
    std::uint64_t size = 0;
    byte_size(type, size);
    Located located = locate(location, size, context.target);
    if (located.status != ValueStatus::ok) {
        set_absent(v, located.status);
        return v;
    }
    Reader reader(context, name);
    reader.fill(type, located.object, Level{}, v, name);
    return v;
}

Reader::Reader(ReadContext& context, std::string root) : context_(context), root_(std::move(root)) {
    path_.expression = root_;
    relative_ = path_;
}

void Reader::Path::step(const Variable& child) {
    const std::string& name = child.name;
    // Members of a base or of an anonymous union are named as the object's own.
    if (child.kind == "base" || name.rfind("<anonymous ", 0) == 0) return;
    if (!name.empty() && name.front() == '*') {
        if (dereferenced) expression = "*" + expression;
        dereferenced = true;
        return;
    }
    if (!name.empty() && name.front() == '[') {
        std::string suffix = name;
        if (child.kind == "key") suffix += ".first";
        else if (child.kind == "value") suffix += ".second";
        expression = dereferenced ? "(*" + expression + ")" + suffix : expression + suffix;
    } else {
        expression += (dereferenced ? "->" : ".") + name;
    }
    dereferenced = false;
}

Reader::Descent::Descent(Reader& reader, const Variable& child)
    : reader_(reader),
      path_(reader.path_.expression),
      path_dereferenced_(reader.path_.dereferenced),
      relative_(reader.relative_.expression),
      relative_dereferenced_(reader.relative_.dereferenced) {
    reader.path_.step(child);
    reader.relative_.step(child);
}

Reader::Descent::~Descent() {
    reader_.path_.expression = std::move(path_);
    reader_.path_.dereferenced = path_dereferenced_;
    reader_.relative_.expression = std::move(relative_);
    reader_.relative_.dereferenced = relative_dereferenced_;
}

void Reader::fill_child(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& child) {
    Descent descent(*this, child);
    fill(type, object, level, child, child.name);
}

bool is_graph_object(Dwarf_Die* peeled) {
    if (!is_class_tag(dwarf_tag(peeled))) return false;
    return is_stdlib_type(peeled) ? is_stdlib_container(peeled) : true;
}

void Reader::fill_object(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v) {
    int id = -1;
    // A base class is part of its object, not an object of its own.
    if (context_.graph != nullptr && object.has_address() && v.kind != "base" &&
        is_graph_object(peeled)) {
        id = context_.graph->add(object.address(), type_name(peeled), root_, path_.text());
        if (id >= 0) {
            v.node = id;
            // Back into an object still being read (through a reference):
            // reading it again would not end.
            if (std::find(open_nodes_.begin(), open_nodes_.end(), id) != open_nodes_.end()) {
                v.value = reference_text(id);
                return;
            }
        }
    }
    Path outer_relative = relative_;
    if (id >= 0) {
        open_nodes_.push_back(id);
        relative_ = Path{};
    }
    if (!fill_stdlib_view(*this, peeled, object, level, v)) fill_aggregate(peeled, object, level, v);
    if (id >= 0) {
        open_nodes_.pop_back();
        relative_ = std::move(outer_relative);
    }
}

void Reader::link_to(int to) {
    if (context_.graph == nullptr || to < 0) return;
    context_.graph->link(open_nodes_.empty() ? -1 : open_nodes_.back(), root_, to, relative_.text());
}

std::string Reader::reference_text(int node) const {
    std::string text = "-> @node " + std::to_string(node);
    if (context_.graph != nullptr && !context_.graph->node(node).path.empty())
        text += " (" + context_.graph->node(node).path + ")";
    return text;
}

bool Reader::dynamic_type(Dwarf_Die* peeled, std::uint64_t address, Dynamic& out) {
    if (types() == nullptr || !is_class_tag(dwarf_tag(peeled))) return false;
    std::uint64_t vptr_offset = 0, vptr = 0;
    if (!find_vptr(peeled, 0, 0, vptr_offset) || !target().read(address + vptr_offset, &vptr, 8))
        return false;
    // The vptr points past the vtable's offset-to-top and RTTI slots.
    TypeLookup::Symbol symbol;
    if (!types()->symbol_at(vptr, symbol) || !symbol.mangled.starts_with("_ZTV") || symbol.offset < 16)
        return false;
    const std::string demangled = symbols::demangle(symbol.mangled.c_str());
    constexpr std::string_view prefix = "vtable for ";
    if (!demangled.starts_with(prefix)) return false;
    std::int64_t offset_to_top = 0;
    if (!target().read(vptr - 16, &offset_to_top, sizeof offset_to_top) || offset_to_top > 0 ||
        -offset_to_top > max_offset_to_top)
        return false;
    const std::string name = demangled.substr(prefix.size());
    const std::string static_name = compact_type_name(type_name(peeled));
    if (offset_to_top == 0 && compact_type_name(name) == static_name) return false;
    Dwarf_Die found;
    if (!types()->find_class(name, peeled, vptr, found)) return false;
    if (offset_to_top == 0 && compact_type_name(type_name(&found)) == static_name) return false;
    out.type = found;
    out.address = address + vptr_offset + static_cast<std::uint64_t>(offset_to_top);
    out.name = type_name(&found);
    return true;
}

void Reader::fill(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& v,
                  const std::string& display_name) {
    if (object.has_address()) v.address = object.address();
    Dwarf_Die peeled;
    if (type == nullptr || !peel(type, peeled)) {
        set_absent(v, ValueStatus::not_implemented);
        return;
    }
    switch (dwarf_tag(&peeled)) {
    case DW_TAG_base_type: fill_base(&peeled, object, v); return;
    case DW_TAG_enumeration_type: fill_enum(&peeled, object, v); return;
    case DW_TAG_pointer_type: fill_pointer(&peeled, object, level, v, display_name); return;
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
        fill_reference(&peeled, object, level, v, display_name);
        return;
    case DW_TAG_ptr_to_member_type: fill_member_pointer(&peeled, object, v); return;
    case DW_TAG_array_type: fill_array(&peeled, 0, object, level, v); return;
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
    case DW_TAG_union_type:
        if (has_flag(&peeled, DW_AT_declaration)) {
            v.value = "<incomplete type>";
            return;
        }
        fill_object(&peeled, object, level, v);
        return;
    case DW_TAG_unspecified_type: {
        // std::nullptr_t, the one unspecified type C++ has: a pointer-sized zero.
        std::uint64_t size = 8, value = 0;
        byte_size(&peeled, size);
        if (size > sizeof value) size = sizeof value;
        const ValueStatus status = object.read(target(), 0, &value, size);
        if (status != ValueStatus::ok) return set_absent(v, status);
        v.value = format_hex(value);
        return;
    }
    default:
        set_absent(v, ValueStatus::not_implemented);
        return;
    }
}

Variable* Reader::add_child(Variable& parent, std::string name, const char* kind) {
    if (!context_.budget.take_value()) {
        if (parent.status == ValueStatus::ok) parent.status = ValueStatus::truncated;
        return nullptr;
    }
    Variable& child = parent.children.emplace_back();
    child.name = std::move(name);
    child.kind = kind;
    return &child;
}

void Reader::mark_too_deep(Variable& v) {
    v.value = "{...}";
    v.status = ValueStatus::truncated;
}

ValueStatus Reader::probe(const ObjectRef& object) const {
    if (!object.in_target_memory()) return ValueStatus::ok;
    std::uint8_t byte;
    return object.read(target(), 0, &byte, 1);
}

void Reader::add_more_marker(Variable& v, std::uint64_t left_out) {
    if (v.status == ValueStatus::ok) v.status = ValueStatus::truncated;
    Variable* marker = add_child(v, "...", "element");
    if (marker == nullptr) return;
    marker->status = ValueStatus::truncated;
    marker->value = std::to_string(left_out) + " more";
}

void Reader::fill_base(Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    std::uint64_t size = 0;
    if (!byte_size(peeled, size) || size == 0 || size > max_scalar_size)
        return set_absent(v, ValueStatus::not_implemented);
    std::uint8_t bytes[max_scalar_size] = {};
    const ValueStatus status = object.read(target(), 0, bytes, size);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_base(peeled, bytes, size);
}

void Reader::fill_enum(Dwarf_Die* peeled, const ObjectRef& object, Variable& v) {
    std::uint64_t size = 0;
    if (!byte_size(peeled, size) || size == 0 || size > 8)
        return set_absent(v, ValueStatus::not_implemented);
    std::uint8_t bytes[8] = {};
    const ValueStatus status = object.read(target(), 0, bytes, size);
    if (status != ValueStatus::ok) return set_absent(v, status);
    v.value = format_enum(peeled, bytes, size);
}

}  // namespace capsule::values

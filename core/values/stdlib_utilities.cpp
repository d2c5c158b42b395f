// Vocabulary types of libstdc++: optional, variant, tuple, any and function.
// optional, variant and tuple are read from their layout alone; any and
// function keep their contents' type only in a manager function, whose
// class (a template instantiated for that type) DWARF names.
#include <dwarf.h>

#include <vector>

#include "symbols/symbols.hpp"
#include "values/scalar_format.hpp"
#include "values/stdlib_view.hpp"
#include "values/type_lookup.hpp"

namespace capsule::values::stdlib {

namespace {

// std::tuple of more elements than this is not a real one.
constexpr int max_tuple_elements = 64;
constexpr const char* contained = "[contained value]";

// What a manager function manages: its type (when DWARF has it) and name.
struct ManagedType {
    bool has_type = false;
    Dwarf_Die type;
    std::string name;
    std::string manager_class;  // e.g. "_Manager_internal<int>"
};

// "a, b<c, d>, e" split at top-level commas.
std::vector<std::string> split_arguments(std::string_view text) {
    std::vector<std::string> out;
    int depth = 0;
    std::string current;
    for (char c : text) {
        if (c == '<' || c == '(') ++depth;
        if (c == '>' || c == ')') --depth;
        if (c == ',' && depth == 0) {
            out.push_back(current);
            current.clear();
            continue;
        }
        if (c == ' ' && current.empty()) continue;
        current += c;
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

// The index-th template argument of the class that owns the manager function
// at `manager`, or failing that the same argument spelled in the manager's
// demangled symbol; `type` is set only in the first case.
bool managed_type(Reader& reader, std::uint64_t manager, int index, ManagedType& out) {
    TypeLookup* types = reader.types();
    if (types == nullptr || manager == 0) return false;
    Dwarf_Die owner;
    if (types->class_of_function(manager, owner) && template_type_argument(&owner, index, out.type)) {
        out.has_type = true;
        out.name = display_name(&out.type);
        const char* owner_name = dwarf_diename(&owner);
        out.manager_class = owner_name != nullptr ? owner_name : "";
        // An unnamed type (a lambda's closure): the symbol spells it.
        if (out.name.find("{...}") == std::string::npos) return true;
    }
    TypeLookup::Symbol symbol;
    if (!types->symbol_at(manager, symbol) || symbol.offset != 0) return out.has_type;
    // "std::any::_Manager_internal<int>::_S_manage(...)"
    const std::string name = symbols::demangle(symbol.mangled.c_str());
    const auto open = name.find('<');
    const auto close = name.find(">::");
    if (open == std::string::npos || close == std::string::npos || close < open) return out.has_type;
    const auto arguments = split_arguments(std::string_view(name).substr(open + 1, close - open - 1));
    if (static_cast<std::size_t>(index) >= arguments.size()) return out.has_type;
    out.name = abbreviated(arguments[static_cast<std::size_t>(index)]);
    if (out.manager_class.empty()) {
        const auto scope = name.rfind("::", open);
        const std::size_t start = scope == std::string::npos ? 0 : scope + 2;
        out.manager_class = name.substr(start, close + 1 - start);
    }
    return true;
}

void collect_tuple(Dwarf_Die* impl, std::uint64_t offset, int nesting,
                   std::vector<std::pair<Dwarf_Die, std::uint64_t>>& out, bool& ok) {
    if (nesting > max_tuple_elements) {
        ok = false;
        return;
    }
    Dwarf_Die head, rest;
    std::uint64_t head_offset = 0, rest_offset = 0;
    if (find_base(impl, "_Head_base<", head, head_offset)) {
        FoundMember value;
        Dwarf_Die type;
        if (find_member(&head, "_M_head_impl", value) && value.has_type)
            out.emplace_back(value.type, offset + head_offset + value.offset);
        else if (template_argument(&head, 0, type))  // an empty element, no member
            out.emplace_back(type, offset + head_offset);
        else
            ok = false;
    }
    if (find_base(impl, "_Tuple_impl<", rest, rest_offset))
        collect_tuple(&rest, offset + rest_offset, nesting + 1, out, ok);
}

}  // namespace

// gdb shows a pair without its empty __pair_base: {first = 1, second = "p"}.
bool fill_pair(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
               Variable& v) {
    FoundMember first, second;
    if (!find_member(peeled, "first", first) || !find_member(peeled, "second", second) ||
        !first.has_type || !second.has_type)
        return false;
    if (!reader.may_descend(level)) {
        Reader::mark_too_deep(v);
        return true;
    }
    if (add_element(reader, v, "first", &first.type, object.at(first.offset), level, "member") != nullptr)
        add_element(reader, v, "second", &second.type, object.at(second.offset), level, "member");
    v.value = Reader::summarize(v, true);
    return true;
}

bool fill_optional(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                   Variable& v) {
    FoundMember value, engaged;
    std::uint64_t flag = 0;
    if (!find_path(peeled, {"_M_payload", "_M_payload", "_M_value"}, value) || !value.has_type ||
        !find_path(peeled, {"_M_payload", "_M_engaged"}, engaged))
        return false;
    if (!read_number(reader, object, engaged, flag)) {
        set_unreadable(v);
        return true;
    }
    if (flag > 1) return false;
    const std::string heading = display_name(peeled);
    if (flag == 0) {
        v.value = heading + " [no contained value]";
        return true;
    }
    v.value = heading;
    if (stop_at_depth(reader, level, v)) return true;
    add_element(reader, v, contained, &value.type, object.at(value.offset), level, "member");
    v.value = heading;
    if (!v.children.empty()) v.value += " = " + Reader::summarize(v, true);
    return true;
}

// _M_index chooses the alternative: _M_u._M_rest._M_rest..._M_first._M_storage.
bool fill_variant(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                  Variable& v) {
    FoundMember index_member, storage;
    if (!find_member(peeled, "_M_index", index_member) || !find_member(peeled, "_M_u", storage))
        return false;
    std::uint64_t index = 0, index_size = 0;
    if (!byte_size(&index_member.type, index_size) || index_size == 0 || index_size > 8) return false;
    if (!read_number(reader, object, index_member, index)) {
        set_unreadable(v);
        return true;
    }
    const std::string heading = display_name(peeled);
    const std::uint64_t npos = index_size == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (index_size * 8)) - 1;
    if (index == npos) {
        v.value = heading + " [no contained value]";
        return true;
    }
    Dwarf_Die union_type;
    std::uint64_t offset = storage.offset;
    if (!member_type_peeled(storage, union_type)) return false;
    for (std::uint64_t i = 0; i < index; ++i) {
        FoundMember rest;
        if (i >= max_tuple_elements || !find_member(&union_type, "_M_rest", rest) ||
            !member_type_peeled(rest, union_type))
            return false;
        offset += rest.offset;
    }
    FoundMember first, held;
    Dwarf_Die wrapper, alternative;
    if (!find_member(&union_type, "_M_first", first) || !member_type_peeled(first, wrapper) ||
        !find_member(&wrapper, "_M_storage", held) || !template_argument(&wrapper, 0, alternative))
        return false;
    v.value = heading + " [index " + std::to_string(index) + "]";
    if (stop_at_depth(reader, level, v)) return true;
    add_element(reader, v, contained, &alternative, object.at(offset + first.offset + held.offset),
                level, "member");
    if (!v.children.empty()) v.value += " = " + Reader::summarize(v, false);
    return true;
}

bool fill_tuple(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                Variable& v) {
    std::vector<std::pair<Dwarf_Die, std::uint64_t>> elements;
    bool ok = true;
    Dwarf_Die impl;
    std::uint64_t impl_offset = 0;
    if (find_base(peeled, "_Tuple_impl<", impl, impl_offset))
        collect_tuple(&impl, impl_offset, 0, elements, ok);
    if (!ok) return false;
    if (elements.empty()) {
        v.value = "empty std::tuple";
        return true;
    }
    if (!reader.may_descend(level)) {
        v.value = "std::tuple containing = {...}";
        v.status = ValueStatus::truncated;
        return true;
    }
    for (std::size_t i = 0; i < elements.size(); ++i)
        if (add_element(reader, v, "[" + std::to_string(i + 1) + "]", &elements[i].first,
                        object.at(elements[i].second), level) == nullptr)
            break;
    v.value = "std::tuple containing = " + Reader::summarize(v, true);
    return true;
}

// _M_manager is _Manager_internal<T>::_S_manage (T in _M_storage itself) or
// _Manager_external<T>::_S_manage (T on the heap at _M_storage._M_ptr).
bool fill_any(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
              Variable& v) {
    FoundMember manager, storage;
    if (!find_member(peeled, "_M_manager", manager) || !find_member(peeled, "_M_storage", storage))
        return false;
    std::uint64_t address = 0;
    if (!read_address(reader, object, manager.offset, address)) {
        set_unreadable(v);
        return true;
    }
    if (address == 0) {
        v.value = "std::any [no contained value]";
        return true;
    }
    ManagedType held;
    if (!managed_type(reader, address, 0, held)) {
        v.value = "std::any containing a value of unknown type";
        return true;
    }
    v.value = "std::any containing " + held.name;
    if (!held.has_type) return true;
    if (stop_at_depth(reader, level, v)) return true;
    ObjectRef value = object.at(storage.offset);
    if (held.manager_class.starts_with("_Manager_external<")) {
        std::uint64_t heap = 0;
        if (!read_address(reader, object, storage.offset, heap) || heap == 0) return false;
        value = ObjectRef::in_memory(heap);
    } else if (!held.manager_class.starts_with("_Manager_internal<")) {
        return true;
    }
    add_element(reader, v, contained, &held.type, value, level, "member");
    if (!v.children.empty()) v.value += " = " + Reader::summarize(v, true);
    return true;
}

// Empty without _M_manager; otherwise the target's type is the second
// template argument of the _Function_handler whose _M_manager it is.
bool fill_function(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                   Variable& v) {
    FoundMember manager, functor;
    if (!find_member(peeled, "_M_manager", manager) || !find_member(peeled, "_M_functor", functor))
        return false;
    // "std::function<int(int, int)>", as the compiler spells the signature.
    const std::string heading = display_name(peeled);
    std::uint64_t address = 0;
    if (!read_address(reader, object, manager.offset, address)) {
        set_unreadable(v);
        return true;
    }
    if (address == 0) {
        v.value = "empty " + heading;
        return true;
    }
    v.value = heading;
    ManagedType target;
    if (!managed_type(reader, address, 1, target) || !reader.may_descend(level)) return true;
    Variable* type_child = reader.add_child(v, "[target type]", "member");
    if (type_child == nullptr) return true;
    type_child->value = target.name;
    // A plain function is stored as its address: named by its symbol.
    Dwarf_Die peeled_target, function;
    if (target.has_type && peel(&target.type, peeled_target) &&
        dwarf_tag(&peeled_target) == DW_TAG_pointer_type && type_of(&peeled_target, function) &&
        dwarf_tag(&function) == DW_TAG_subroutine_type) {
        std::uint64_t code = 0;
        TypeLookup::Symbol symbol;
        Variable* target_child = reader.add_child(v, "[target]", "member");
        if (target_child != nullptr && read_address(reader, object, functor.offset, code)) {
            target_child->type = target.name;
            target_child->value = format_hex(code);
            if (reader.types() != nullptr && reader.types()->symbol_at(code, symbol) &&
                symbol.offset == 0)
                target_child->value += " <" + symbols::demangle(symbol.mangled.c_str()) + ">";
        }
    }
    v.value += " = " + Reader::summarize(v, true);
    return true;
}

}  // namespace capsule::values::stdlib

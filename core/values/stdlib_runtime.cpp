// std::filesystem::path (the text, then its components) and
// std::exception_ptr (the type of the exception it holds).
#include <dwarf.h>

#include "symbols/symbols.hpp"
#include "values/stdlib_view.hpp"
#include "values/type_lookup.hpp"

namespace capsule::values::stdlib {

namespace {

constexpr std::int64_t max_plausible_components = 4096;
// path::_List::_Impl is {int _M_size; int _M_capacity;} followed by the
// components; DWARF declares it without a definition, so its size is
// spelled out here (libstdc++'s own printer does the same).
constexpr std::uint64_t path_list_header = 8;

// What a tagged _M_cmpts pointer says about a path of one component.
std::string component_kind(Dwarf_Die* path, std::uint64_t tag) {
    Dwarf_Die child;
    if (tag == 0 || dwarf_child(path, &child) != 0) return {};
    do {
        const char* name = dwarf_diename(&child);
        if (dwarf_tag(&child) != DW_TAG_enumeration_type || name == nullptr ||
            std::string_view(name) != "_Type")
            continue;
        Dwarf_Die enumerator;
        if (dwarf_child(&child, &enumerator) != 0) return {};
        do {
            Dwarf_Attribute attr;
            Dwarf_Word value = 0;
            const char* e = dwarf_diename(&enumerator);
            if (e == nullptr || dwarf_attr(&enumerator, DW_AT_const_value, &attr) == nullptr ||
                dwarf_formudata(&attr, &value) != 0 || value != tag)
                continue;
            const std::string_view n(e);
            if (n.ends_with("_Root_dir")) return "root-directory";
            if (n.ends_with("_Root_name")) return "root-name";
            return {};
        } while (dwarf_siblingof(&enumerator, &enumerator) == 0);
    } while (dwarf_siblingof(&child, &child) == 0);
    return {};
}

// The definition of a class nested in `path` (_List, _Cmpt): in the same
// unit, or, where clang only declares it, in another unit of the program.
bool nested_definition(Reader& reader, Dwarf_Die* path, std::string_view name, Dwarf_Die& out) {
    Dwarf_Die child;
    if (dwarf_child(path, &child) == 0) {
        do {
            const char* n = dwarf_diename(&child);
            if ((dwarf_tag(&child) == DW_TAG_structure_type || dwarf_tag(&child) == DW_TAG_class_type) &&
                n != nullptr && name == n && !has_flag(&child, DW_AT_declaration)) {
                out = child;
                return true;
            }
        } while (dwarf_siblingof(&child, &child) == 0);
    }
    return reader.types() != nullptr &&
           reader.types()->find_class(type_name(path) + "::" + std::string(name), path, 0, out);
}

}  // namespace

bool fill_path(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
               Variable& v) {
    FoundMember text, list, impl;
    Dwarf_Die string_type, list_type, unique;
    if (!find_member(peeled, "_M_pathname", text) || !member_type_peeled(text, string_type) ||
        !find_member(peeled, "_M_cmpts", list))
        return false;
    Variable whole;
    if (!fill_string(reader, &string_type, object.at(text.offset), level, whole)) return false;
    if (whole.status != ValueStatus::ok) {
        v.status = whole.status;
        v.value = whole.value;
        return true;
    }
    v.value = "filesystem::path " + whole.value;
    // The list's pointer: a unique_ptr whose low two bits tag a path of one
    // component with its kind. clang declares the list without defining it:
    // the text alone then.
    FoundMember pointer;
    std::uint64_t tagged = 0;
    if (!member_type_peeled(list, list_type)) return true;
    if (has_flag(&list_type, DW_AT_declaration) && !nested_definition(reader, peeled, "_List", list_type))
        return true;
    if (!find_member(&list_type, "_M_impl", impl) || !member_type_peeled(impl, unique) ||
        !find_path(&unique, {"_M_t", "_M_t", "_M_head_impl"}, pointer, true) ||
        !read_address(reader, object, list.offset + impl.offset + pointer.offset, tagged))
        return true;
    const std::uint64_t tag = tagged & 3, components = tagged & ~std::uint64_t{3};
    if (tag != 0) {
        if (const std::string kind = component_kind(peeled, tag); !kind.empty())
            v.value += " [" + kind + "]";
        return true;
    }
    std::uint64_t stride = 0;
    Dwarf_Die component_type;
    if (components == 0 || !nested_definition(reader, peeled, "_Cmpt", component_type) ||
        !byte_size(&component_type, stride) || stride == 0)
        return true;
    std::int32_t count = 0;
    if (!reader.target().read(components, &count, sizeof count) || count < 0 ||
        count > max_plausible_components)
        return true;
    if (stop_at_depth(reader, level, v)) return true;
    const auto size = static_cast<std::uint64_t>(count);
    const std::uint64_t shown = std::min<std::uint64_t>(size, reader.bounds().max_items);
    for (std::uint64_t i = 0; i < shown; ++i) {
        const ObjectRef component = ObjectRef::in_memory(components + path_list_header + i * stride);
        std::uint64_t component_tagged = 0;
        std::string kind;
        if (read_address(reader, component, list.offset + impl.offset + pointer.offset, component_tagged))
            kind = component_kind(peeled, component_tagged & 3);
        if (add_element(reader, v, "[" + (kind.empty() ? std::to_string(i) : kind) + "]", &text.type,
                        component.at(text.offset), level) == nullptr)
            break;
    }
    finish(reader, v, v.value, shown, size, true);
    return true;
}

// _M_exception_object is the thrown object. A class with a vtable names
// itself; for others the C++ ABI's exception header, just before the object,
// holds the std::type_info of what was thrown.
bool fill_exception_ptr(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                        Variable& v) {
    // libstdc++'s __cxa_refcounted_exception ends with the _Unwind_Exception
    // (32 bytes) after ten pointer-sized fields, type_info* first: 112 bytes.
    constexpr std::uint64_t type_info_before_object = 112;
    FoundMember pointer;
    if (!find_member(peeled, "_M_exception_object", pointer)) return false;
    std::uint64_t thrown = 0;
    if (!read_address(reader, object, pointer.offset, thrown)) {
        set_unreadable(v);
        return true;
    }
    if (thrown == 0) {
        v.value = "std::exception_ptr (empty)";
        return true;
    }
    v.value = "std::exception_ptr";
    TypeLookup* types = reader.types();
    if (types == nullptr) return true;
    std::uint64_t vptr = 0, type_info = 0;
    TypeLookup::Symbol symbol;
    std::string name;
    bool polymorphic = false;
    if (reader.target().read(thrown, &vptr, sizeof vptr) && types->symbol_at(vptr, symbol) &&
        symbol.mangled.starts_with("_ZTV") && symbol.offset >= 16) {
        name = symbols::demangle(symbol.mangled.c_str());
        if (name.starts_with("vtable for ")) name.erase(0, 11);
        polymorphic = true;
    } else if (reader.target().read(thrown - type_info_before_object, &type_info, sizeof type_info) &&
               types->symbol_at(type_info, symbol) && symbol.mangled.starts_with("_ZTI") &&
               symbol.offset == 0) {
        name = symbols::demangle(symbol.mangled.c_str());
        if (name.starts_with("typeinfo for ")) name.erase(0, 13);
    }
    if (name.empty()) return true;
    v.value += "<" + abbreviated(name) + ">";
    Dwarf_Die type;
    if (!polymorphic || !reader.may_descend(level) || !types->find_class(name, peeled, vptr, type))
        return true;
    add_element(reader, v, "[exception]", &type, ObjectRef::in_memory(thrown), level, "member");
    return true;
}

}  // namespace capsule::values::stdlib

// The recursive walk behind read_object: one Reader per top-level object,
// shared by the generic formatter (read_object.cpp, aggregates.cpp) and the
// standard-library views (stdlib_views.cpp).
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>

#include "capsule/report.hpp"
#include "values/object_ref.hpp"
#include "values/scalar_format.hpp"
#include "values/read_object.hpp"

namespace capsule::values {

// How far below the top-level object a node is.
struct Level {
    int depth = 0;     // levels of children above this node
    int pointers = 0;  // pointers followed to get here
};

inline constexpr const char* optimized_out_text = "<optimized out>";
inline constexpr const char* unreadable_text = "<unreadable>";
inline constexpr const char* not_implemented_text = "<not implemented>";

// The text a value shows when its status says it has none.
const char* absent_text(ValueStatus status);

class Reader {
public:
    explicit Reader(ReadContext& context) : context_(context) {}

    const target::Target& target() const { return context_.target; }
    const Bounds& bounds() const { return context_.bounds; }

    // Fills v.value, status, address and children from the object of `type`
    // at `object`; v.name, kind and type are the caller's. `display_name` is
    // what a followed pointer's child is called after: "*" + display_name.
    void fill(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& v,
              const std::string& display_name);

    // A new child of `parent` when the value budget allows, else nullptr and
    // `parent` is marked truncated. The pointer is valid until the next call
    // for the same parent.
    Variable* add_child(Variable& parent, std::string name, const char* kind);

    // Children may be added below a node at `level`.
    bool may_descend(Level level) const { return level.depth < context_.bounds.max_depth; }

    // Marks `v` as cut by the depth bound: gdb-like "{...}".
    static void mark_too_deep(Variable& v);

    // A pointer's child "*name": the object it points to, when the type is
    // worth showing and the pointer depth allows.
    void follow_pointer(Dwarf_Die* pointee_type, std::uint64_t address, Level level, Variable& v,
                        const std::string& child_name);

    // A struct, class or union member by member. `note` goes in front of the
    // summary: "(raw)" when a library view did not match the layout.
    void fill_aggregate(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                        const char* note = nullptr);

    // Adds the "..." child that says how many items a bound left out.
    void add_more_marker(Variable& v, std::uint64_t left_out);

    // ok when `object`'s first byte can be read: an object in target memory
    // that cannot is unreadable as a whole, and is not taken apart.
    ValueStatus probe(const ObjectRef& object) const;

    // Whether a pointer to `pointee_type` should be followed at all.
    static bool worth_following(Dwarf_Die* pointee_type);

    // The "{a = 1, b = 2}" summary from already filled children.
    static std::string summarize(const Variable& v, bool brace_names);

private:
    void fill_base(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_enum(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_pointer(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                      const std::string& display_name);
    void fill_reference(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                        const std::string& display_name);
    void fill_member_pointer(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_array(Dwarf_Die* array, std::size_t dimension, const ObjectRef& object, Level level,
                    Variable& v);
    void fill_bit_field(Dwarf_Die* member_type, const ObjectRef& object,
                        std::uint64_t bit_position, std::uint64_t bit_size, Variable& v);
    void fill_char_array(const CharType& element, std::uint64_t count, const ObjectRef& object,
                         Variable& v);

    ReadContext& context_;
};

// Standard-library views (stdlib_views.cpp): true when `peeled` is one of the
// libstdc++ types it knows and its layout matched, with v filled.
bool fill_stdlib_view(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                      Variable& v);

}  // namespace capsule::values

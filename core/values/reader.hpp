// The recursive walk behind read_object: one Reader per top-level object,
// shared by the generic formatter (read_object.cpp, aggregates.cpp) and the
// standard-library views (stdlib_views.cpp).
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>
#include <vector>

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
// `v` has no value, for this reason.
void set_absent(Variable& v, ValueStatus status);

class Reader {
public:
    // `root` is the name of the variable being read: where the graph's paths start.
    Reader(ReadContext& context, std::string root);

    const target::Target& target() const { return context_.target; }
    const Bounds& bounds() const { return context_.bounds; }
    TypeLookup* types() const { return context_.types; }

    // Fills v.value, status, address and children from the object of `type`
    // at `object`; v.name, kind and type are the caller's. `display_name` is
    // what a followed pointer's child is called after: "*" + display_name.
    void fill(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& v,
              const std::string& display_name);

    // fill() for a child made by add_child: the graph's path goes one step
    // down, by the child's name and kind (".m", "[2]", "*p").
    void fill_child(Dwarf_Die* type, const ObjectRef& object, Level level, Variable& child);

    // A new child of `parent` when the value budget allows, else nullptr and
    // `parent` is marked truncated. The pointer is valid until the next call
    // for the same parent.
    Variable* add_child(Variable& parent, std::string name, const char* kind);

    // Children may be added below a node at `level`.
    bool may_descend(Level level) const { return level.depth < context_.bounds.max_depth; }

    // Marks `v` as cut by the depth bound: gdb-like "{...}".
    static void mark_too_deep(Variable& v);

    // A pointer's child "*name": the object it points to, when the type is
    // worth showing and the pointer depth allows; shown as its dynamic type
    // when the vtable tells one. An object read before is not read again:
    // the child refers to its graph node.
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

    // While alive, the graph's paths are one step further down: to `child`.
    class Descent {
    public:
        Descent(Reader& reader, const Variable& child);
        ~Descent();
        Descent(const Descent&) = delete;
        Descent& operator=(const Descent&) = delete;

    private:
        Reader& reader_;
        std::string path_;
        bool path_dereferenced_;
        std::string relative_;
        bool relative_dereferenced_;
    };

    // The most derived class of the polymorphic object of class `peeled` at
    // `address`, from its vtable's symbol: its DWARF type, where the whole
    // object starts and the class's name. False when it is `peeled` itself,
    // not polymorphic, or not found.
    struct Dynamic {
        Dwarf_Die type;
        std::uint64_t address = 0;
        std::string name;
    };
    bool dynamic_type(Dwarf_Die* peeled, std::uint64_t address, Dynamic& out);

private:
    // A C++ expression for the object being filled, built one step at a time.
    struct Path {
        std::string expression;
        bool dereferenced = false;  // the object is *expression
        std::string text() const { return dereferenced ? "*" + expression : expression; }
        void step(const Variable& child);
    };

    void fill_object(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v);
    // The graph edge from where the reader is now (the innermost node being
    // filled, else the variable) to node `to`.
    void link_to(int to);
    // "-> @node 3 (*head)"
    std::string reference_text(int node) const;

    void fill_base(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_enum(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_pointer(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                      const std::string& display_name);
    void fill_reference(Dwarf_Die* peeled, const ObjectRef& object, Level level, Variable& v,
                        const std::string& display_name);
    // " <symbol+offset>" when `address` lies in a function or static object.
    std::string symbol_suffix(std::uint64_t address) const;
    void fill_member_pointer(Dwarf_Die* peeled, const ObjectRef& object, Variable& v);
    void fill_array(Dwarf_Die* array, std::size_t dimension, const ObjectRef& object, Level level,
                    Variable& v);
    void fill_bit_field(Dwarf_Die* member_type, const ObjectRef& object,
                        std::uint64_t bit_position, std::uint64_t bit_size, Variable& v);
    void fill_char_array(const CharType& element, std::uint64_t count, const ObjectRef& object,
                         Variable& v);

    ReadContext& context_;
    std::string root_;
    Path path_;      // from the variable
    Path relative_;  // from the innermost node being filled; from the variable when none
    std::vector<int> open_nodes_;  // nodes being filled, innermost last
};

// Whether objects of this struct, class or union type (peeled) become graph
// nodes: the program's own types and the standard containers, not the
// library's value types (strings, smart pointers, optional, ...).
bool is_graph_object(Dwarf_Die* peeled);

// Standard-library views (stdlib_views.cpp): true when `peeled` is one of the
// libstdc++ or libc++ types they know, with v filled: the logical view when
// the layout matched, else the raw struct marked "(raw)".
bool fill_stdlib_view(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                      Variable& v);

// Whether `peeled` is a standard container (a graph node) rather than a
// value type of the library; false for anything outside std.
bool is_stdlib_type(Dwarf_Die* peeled);
bool is_stdlib_container(Dwarf_Die* peeled);

}  // namespace capsule::values

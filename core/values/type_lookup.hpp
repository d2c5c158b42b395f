// Questions the value reader asks of the target's modules rather than of one
// type DIE: which symbol holds an address (a vtable, a manager function), and
// where the definition of a class named by a symbol is. One per capture: it
// caches what it found, and bounds how much DWARF it walks to find it.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace capsule::values {

class TypeLookup {
public:
    explicit TypeLookup(Dwfl* dwfl) : dwfl_(dwfl) {}

    struct Symbol {
        std::string mangled;
        std::uint64_t offset = 0;  // of the address into the symbol
        std::uint64_t size = 0;    // the symbol's extent; 0 when the ELF gives none
        bool is_code_or_data = false;  // a function or an object, not a section or file
    };
    // The ELF symbol whose extent holds `address`.
    bool symbol_at(std::uint64_t address, Symbol& out) const;

    // The definition of the class, struct or union the demangler calls
    // `qualified` ("ns::Derived<int>"): first in the unit of `near` (may be
    // null), then in the other units of the module that holds `address`
    // (0: none), then in those of `near`'s module.
    bool find_class(std::string_view qualified, Dwarf_Die* near, std::uint64_t address,
                    Dwarf_Die& out);

    // The class of the member function whose code starts at `pc`: the
    // manager of a std::function or std::any is a member of a class template
    // instantiated for the type it manages.
    bool class_of_function(std::uint64_t pc, Dwarf_Die& out);

private:
    using NameIndex = std::unordered_map<std::string, Dwarf_Die>;
    const NameIndex& index_of(Dwarf_Die* unit);

    Dwfl* dwfl_;
    std::map<std::pair<const Dwarf*, Dwarf_Off>, NameIndex> units_;
    std::unordered_map<std::string, std::pair<bool, Dwarf_Die>> found_;
    std::size_t dies_left_ = 2'000'000;  // the walks of one capture, all units together
};

// A type name without white space: the demangler, g++ and clang space
// template arguments differently.
std::string compact_type_name(std::string_view name);

}  // namespace capsule::values

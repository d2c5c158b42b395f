// What one pass over the compilation units gathers, before it is filtered
// and grouped by file: classes, functions and call edges, each entity once
// however many units include its header.
#pragma once

#include <elfutils/libdw.h>

#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "capsule/codemap.hpp"

namespace capsule::codemap {

struct ClassEntry {
    Class cls;  // methods empty: functions point at their class instead
    std::string ns;
};

struct FunctionEntry {
    // Identity across units: the signature for a function with external
    // linkage (the linker makes it one function), else the signature and
    // where it is declared (static functions of different files).
    std::string key;
    Function function;  // declaration set by settle_declarations; calls by key in Collected::calls
    std::vector<Position> declarations;  // as each unit declares it, first seen first
    std::string ns;
    int class_index = -1;  // into Collected::classes; -1 for a free function
    bool defined = false;  // the binary holds its code (out of line or inlined)
};

struct Collected {
    std::vector<ClassEntry> classes;
    std::unordered_map<std::string, int> class_index;  // by identity
    std::vector<FunctionEntry> functions;
    std::unordered_map<std::string, int> function_index;  // by identity
    // Callee signatures by the caller's identity: a call inside an inlined
    // body belongs to the inlined function, wherever it was inlined.
    std::unordered_map<std::string, std::set<std::string>> calls;
    // The highest line of each function's body (in its definition's file),
    // by identity, over its out-of-line and inlined copies.
    std::unordered_map<std::string, int> last_lines;
    std::set<std::string> system_files;
    std::size_t units = 0;
    bool truncated = false;  // max_functions reached
};

struct CollectOptions {
    bool body_lines = false;  // find each function's last line (for its source)
    std::size_t max_functions = 100000;
};

// One compilation unit: its classes, the functions declared in them and at
// namespace level, the definitions, and the calls in every body.
void collect_unit(Dwarf_Die* cudie, const CollectOptions& options, Collected& out);

// After the last unit: each function's declaration is the first one seen
// apart from its definition. GCC declares a function at its definition in the
// unit that defines it; the header's declaration shows in the units that
// only call it.
void settle_declarations(Collected& collected);

}  // namespace capsule::codemap

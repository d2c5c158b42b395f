// A map of a program's code from its debug info: the source files, the
// namespaces, classes and functions declared in them, and the functions each
// one calls where DWARF records call sites (optimised builds: -O1 and up).
// C++17, no libdw types.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace capsule::codemap {

struct Position {
    std::string file;  // absolute when the compiler knew the directory
    int line = 0;

    bool operator==(const Position& other) const { return file == other.file && line == other.line; }
};

struct Function {
    std::string name;       // as declared, e.g. "area"
    std::string signature;  // demangled and qualified: "geometry::Circle::area() const"
    // The declaration before the definition (in the class, or in a header
    // that another unit included); the definition's own position when
    // DWARF records no other.
    Position declaration;
    Position definition;    // where the body is; file empty when the binary has none
    // Signatures of the functions called, sorted, each once: calls that
    // stayed calls and calls that were inlined. Indirect calls name nobody.
    std::vector<std::string> calls;
    std::string source;  // the definition's lines, with Options::include_source
};

struct Class {
    std::string name;  // qualified, template arguments included
    std::string kind;  // class | struct | union
    Position declaration;
    std::vector<Function> methods;  // declared in the class body, compiler-made ones left out
};

struct Namespace {
    std::string name;  // qualified; empty for the global namespace
    std::vector<Class> classes;
    std::vector<Function> functions;  // free functions defined in the binary
};

struct SourceFile {
    std::string path;
    std::vector<Namespace> namespaces;
};

struct Options {
    // Keep source files whose path contains one of these (a pattern with *, ?
    // or [ is a glob on the whole path instead). None: every file.
    std::vector<std::string> file_filters;
    // Keep functions and classes whose qualified name contains one of these;
    // a class that matches keeps all its methods.
    std::vector<std::string> name_filters;
    bool include_source = false;
    // Bounds for large binaries: past them the map says it is truncated.
    std::size_t max_functions = 100000;
    int max_source_lines = 300;                         // per function
    std::size_t max_source_bytes = 16 * 1024 * 1024;    // for the whole map
};

struct CodeMap {
    std::string binary;
    std::size_t compilation_units = 0;
    std::vector<SourceFile> files;  // by path
    // Left out because the nearest .gitignore ignores them (via git when it
    // is installed, else by reading the .gitignore files).
    std::vector<std::string> ignored_files;
    std::size_t system_files = 0;  // headers under /usr, left out
    bool truncated = false;
    std::vector<std::string> notes;
};

// The binary is missing, unreadable, not ELF, or has no DWARF. what() is one line.
class BinaryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads every compilation unit once. Throws BinaryError.
CodeMap build_code_map(const std::string& binary, const Options& options = {});

}  // namespace capsule::codemap

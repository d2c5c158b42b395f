// The captured failure as plain data: what a capsule file holds and what every
// reader (CLI, CI step, HTML report) works on. C++17, no third-party headers.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace capsule {

inline constexpr int format_version_major = 1;
inline constexpr int format_version_minor = 0;

// How a value came out. Absence is data: a variable that could not be read is
// still listed, with the reason, never with a made-up value.
enum class ValueStatus {
    ok,
    optimized_out,    // no location at this pc
    unreadable,       // location known, memory or register not readable
    masked,           // secret, replaced before anything was written
    truncated,        // a bound cut it short; children are incomplete
    shadowed,         // an inner variable of the same name hides it
    not_implemented,  // a DWARF construct the evaluator does not handle
};

const char* to_string(ValueStatus status);
bool parse_value_status(const std::string& text, ValueStatus& out);

// One node of the value tree: a variable, a member, an element, a base class.
struct Variable {
    std::string name;
    // param | local | capture | member | static | element | base | key | value
    // | entry (a parameter's value at function entry, gdb's "x@entry")
    std::string kind;
    std::string type;
    std::string value;  // how gdb would print it; for aggregates a short summary
    ValueStatus status = ValueStatus::ok;
    std::uint64_t address = 0;  // where it lives in the target; 0 when not in memory
    int decl_line = 0;
    // The object graph's node for this object (CapturedGraph::nodes), -1 for
    // none: scalars, standard-library values, objects outside memory. A
    // pointer to an object read before has no children, only this and the
    // value "-> @node N (path)".
    int node = -1;
    std::vector<Variable> children;
};

struct SourceLine {
    int line = 0;
    std::string text;
};

struct Frame {
    std::uint64_t pc = 0;
    std::string module;    // path of the ELF object that holds pc
    std::string build_id;  // hex
    std::string function;  // demangled
    std::string file;      // absolute when DWARF says so
    int line = 0;
    int column = 0;
    bool inlined = false;  // an inlined call, shown as its own frame
    // user | test-framework | std | system | capsule
    std::string category;
    std::vector<Variable> vars;
    std::vector<SourceLine> snippet;
};

struct Thread {
    long tid = 0;
    std::string name;
    bool failing = false;
    bool truncated = false;  // frames were cut by a bound
    std::vector<Frame> frames;
};

struct TestIdentity {
    std::string suite;
    std::string name;
    std::string full_name;
    std::string parameters;  // type/value parameters, rendered
    std::string section;     // Catch2 section path
    std::string file;
    int line = 0;
};

struct SignalInfo {
    int number = 0;
    std::string name;  // SIGSEGV
    int code = 0;
    std::string code_name;  // SEGV_MAPERR
    std::uint64_t fault_address = 0;
};

struct ExceptionInfo {
    std::string type;
    std::string what;
};

struct AssertionInfo {
    std::string expression;  // as written in the source, e.g. "EXPECT_EQ(total, expected)"
    std::string file;
    int line = 0;
};

struct CaptureInfo {
    std::string path;  // in-process | ptrace | core
    double duration_ms = 0;
    bool truncated = false;  // the time or value budget ran out
    std::vector<std::string> notes;
};

// One object the capture read from memory: a struct, class, union or
// container, once per (address, type) however many ways led to it.
struct CapturedNode {
    std::uint64_t address = 0;
    std::string type;     // the dynamic type when the vtable told it
    std::string summary;  // the value's one-line text, as the value tree shows it
    // The first way the capture reached it: a variable of one frame, and the
    // C++ expression from that variable to the object, e.g. "*head->next".
    long tid = 0;
    int frame = 0;  // index in the thread's frames
    std::string variable;
    std::string path;
};

// "`from` holds a pointer (or reference, or smart pointer) to `to`".
struct CapturedEdge {
    int from = -1;  // a node, or -1: the frame variable (tid, frame, variable)
    long tid = 0;
    int frame = 0;
    std::string variable;
    int to = 0;
    // Where the pointer sits inside `from`: ".next", ".children[1]", ".owner";
    // from a frame variable, the expression from it: "head", "list.head".
    std::string path;
};

// Who points to what: tools ask it "who points to this object".
struct CapturedGraph {
    std::vector<CapturedNode> nodes;  // a node's id is its index
    std::vector<CapturedEdge> edges;
    bool truncated = false;  // a bound on nodes or edges left some out
};

struct Report {
    int format_major = format_version_major;
    int format_minor = format_version_minor;
    std::string tool_version;
    std::string kind;  // assertion | crash | exception | timeout | snapshot
    std::string message;
    std::string fingerprint;  // 64 hex digits
    int fingerprint_version = 0;
    std::vector<std::string> fingerprint_frames;  // the normalized names that were hashed
    TestIdentity test;
    AssertionInfo assertion;
    SignalInfo signal;
    ExceptionInfo exception;
    long pid = 0;
    std::vector<std::string> command_line;
    std::string time;  // ISO 8601, UTC
    std::string host;
    std::string os;
    std::string binary;
    std::string build_id;
    std::string std_library;  // libstdc++ | libc++ | unknown
    std::map<std::string, std::string> environment;  // allow-listed
    std::vector<std::string> masking_rules;
    std::map<std::string, std::string> extra;  // leg, further-failure count, ...
    CaptureInfo capture;
    std::vector<Thread> threads;
    CapturedGraph graph;

    const Thread* failing_thread() const;
};

}  // namespace capsule

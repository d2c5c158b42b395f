// gdb as the oracle: what gdb shows for the frames and variables of a victim,
// and where a capsule of the same process says something else.
//
// The victim runs under `gdb -batch`, stopped on entry to
// capsule::capture_this_thread; `up` then selects the victim's capturing frame
// with the very pc the capture sees (the call's return address, looked up as
// pc - 1 by both). Breaking at FILE:LINE instead would stop at the line's first
// instruction, where -O2 code keeps different variables alive than at the
// call. After the frames are printed the victim continues and writes its own
// capsule: both views are of one process, so even addresses compare.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "capsule/report.hpp"

namespace capsule::integration {

struct GdbVariable {
    std::string name;
    std::string value;  // as gdb prints it
};

struct GdbFrame {
    int number = 0;  // gdb's frame number
    std::string function;
    std::string file;  // empty without debug info
    int line = 0;
    std::vector<GdbVariable> args;
    std::vector<GdbVariable> locals;
};

struct GdbView {
    std::vector<GdbFrame> frames;  // the capturing frame first, up to main
    bool program_exited_normally = false;
    std::string transcript;  // gdb's whole output, for failure messages
};

// Reads the output of the command sequence run_under_gdb gives gdb.
GdbView parse_gdb_transcript(const std::string& transcript);

// Runs `argv` under gdb as described above, printing at most `max_frames`
// frames, and lets the program finish.
GdbView run_under_gdb(const std::vector<std::string>& argv, int max_frames = 8);

struct OracleOptions {
    // Variables gdb lists that the capsule must not: declared below the line
    // the frame is at (gdb lists every variable of the block).
    std::set<std::string> declared_later;
    // gdb's own artifacts to leave out of the comparison, as "function:name".
    std::set<std::string> skip;
    // "function:name" that gdb may list a second time, <optimized out>: for a
    // g++ -O2 inlined function whose variable sits in a lexical block, gdb
    // lists the concrete variable and again the abstract one.
    std::set<std::string> gdb_repeats;
};

// Every difference between the capsule's thread and gdb's view, one sentence
// each naming both sides; empty when they agree. Compares each frame's
// function, file and line, and the value or absence of every parameter and
// local gdb shows: scalars exactly, aggregates member by member.
std::vector<std::string> compare_with_gdb(const Thread& thread, const GdbView& gdb,
                                          const OracleOptions& options = {});

}  // namespace capsule::integration

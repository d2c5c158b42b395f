// Where in a capsule the failure is: the thread to look at and the frame
// whose line failed.
#pragma once

#include "capsule/report.hpp"

namespace capsule::cli {

// The failing thread; a snapshot may mark none, and then the first one is
// the subject. nullptr when the capsule has no thread.
const Thread* primary_thread(const Report& report);

// The assertion's own frame when the stack has its file and line, else the
// innermost user frame, else the innermost frame; nullptr for no frames.
const Frame* failing_frame(const Report& report, const Thread& thread);

// __FILE__ may be relative where DWARF has the absolute path: a match on
// whole trailing path components counts.
bool same_source(const std::string& a, const std::string& b);

}  // namespace capsule::cli

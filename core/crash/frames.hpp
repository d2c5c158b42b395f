// Shaping a captured report for a crash or a throw: which frames are the
// machinery of the capture and which thread failed.
#pragma once

#include <initializer_list>
#include <string>

#include "capsule/report.hpp"

namespace capsule::crash {

// Drops the frames a signal handler added on top of the interrupted code: all
// frames up to and including the first signal trampoline (__restore_rt), and
// when a framework's handler re-raised from its own handler, up to the second
// one below it (the faulting frame is below both). Returns how many frames
// were dropped.
int cut_signal_handler_frames(Thread& thread);

// Drops leading frames whose function starts with one of `names` (e.g. the
// __cxa_throw interposer above a throw site). Returns how many.
int cut_leading_frames(Thread& thread, std::initializer_list<const char*> names);

// Marks the thread `tid` failing (and no other) and moves it first.
// Returns false when no thread has that id.
bool mark_failing_thread(Report& report, long tid);

void drop_thread(Report& report, long tid);

}  // namespace capsule::crash

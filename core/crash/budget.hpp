// How many capsules this run may still write (RunOptions::max_capsules),
// shared by every path that writes one, the signal handler included.
#pragma once

namespace capsule::crash {

void set_capsule_allowance(int count);
// Async-signal-safe. False once the allowance is spent.
bool take_capsule();
// A taken slot whose capsule could not be written.
void give_back_capsule();

}  // namespace capsule::crash

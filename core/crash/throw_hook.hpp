// Between the __cxa_throw interposer and the throw capture.
#pragma once

#include <typeinfo>

namespace capsule::crash::detail {

// True while a test body runs on this thread and throw capture is armed: the
// only thing the interposer tests on the way to the real __cxa_throw.
// constinit: no initialization check on access (the interposer reads it on
// every throw of the process, the test start and end write it).
extern constinit thread_local bool watch_throws;

void on_throw(void* object, std::type_info* type);

// Makes sure the interposer's object file is linked into any program that
// uses throw capture (a static library member is only pulled in when
// something refers to it).
void link_throw_hook();

}  // namespace capsule::crash::detail

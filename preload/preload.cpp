// libcapsule-preload.so: `capsule run` puts it into an unmodified program
// with LD_PRELOAD. Its constructor arms capsule's crash capture through the
// same session the test integrations start, so a crash of a program nobody
// rebuilt still leaves a capsule. Only crashes: assertions and timeouts are
// a test framework's notions, and the throw sites of an arbitrary program
// are its own business (an exception that ends it arrives as SIGABRT).
#include <dlfcn.h>

#include <string>

#include "capsule/session.hpp"

namespace {

// The crash helper installed next to this library, for when the caller did
// not name one (CAPSULE_HELPER, which `capsule run` sets).
std::string helper_next_to_this_library() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&helper_next_to_this_library), &info) == 0 || !info.dli_fname)
        return {};
    const std::string library(info.dli_fname);
    const auto slash = library.rfind('/');
    return slash == std::string::npos ? std::string() : library.substr(0, slash) + "/capsule-crash-helper";
}

__attribute__((constructor)) void capsule_preload_start() {
    capsule::RunOptions options;
    options.capture_assertions = false;
    options.capture_exceptions = false;
    options.capture_timeouts = false;
    capsule::session::Framework framework;
    framework.name = "capsule run";
    framework.helper = helper_next_to_this_library();
    capsule::session::start(options, framework);
}

}  // namespace

// The __cxa_throw interposer. A program linking capsule defines __cxa_throw
// itself, so every throw, also the ones inside libstdc++ (vector::at), comes
// here first and then goes on to libstdc++'s through RTLD_NEXT. Deliberately
// free of <cxxabi.h>, whose declaration of __cxa_throw lives in another
// namespace.
#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <typeinfo>

#include "crash/throw_hook.hpp"

namespace capsule::crash::detail {

constinit thread_local bool watch_throws = false;

void link_throw_hook() {}

namespace {

using ThrowFunction = void (*)(void*, std::type_info*, void (*)(void*));

ThrowFunction real_throw() {
    static std::atomic<ThrowFunction> real{nullptr};
    ThrowFunction fn = real.load(std::memory_order_relaxed);
    if (!fn) {
        fn = reinterpret_cast<ThrowFunction>(::dlsym(RTLD_NEXT, "__cxa_throw"));
        // Without the real one no exception can be thrown at all; continuing
        // would be undefined.
        if (!fn) std::abort();
        real.store(fn, std::memory_order_relaxed);
    }
    return fn;
}

}  // namespace

}  // namespace capsule::crash::detail

extern "C" [[noreturn]] void __cxa_throw(void* object, std::type_info* type,
                                         void (*destructor)(void*)) {
    if (capsule::crash::detail::watch_throws) [[unlikely]]
        capsule::crash::detail::on_throw(object, type);
    capsule::crash::detail::real_throw()(object, type, destructor);
    __builtin_unreachable();
}

// Linked into the crash helper of a CAPSULE_SANITIZE build. The helper
// inherits the environment of the process that crashed: under `capsule run`
// that includes LD_PRELOAD=libcapsule-preload.so, which then comes before the
// ASan runtime in the helper's link map. The runtime is still the one that
// provides malloc and the rest (the preload library defines none of them), so
// its check of the order is turned off; everything else stays ASan's default,
// leak detection included.
extern "C" const char* __asan_default_options() {
    return "verify_asan_link_order=0";
}

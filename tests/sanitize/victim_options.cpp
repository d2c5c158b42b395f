// Linked into every victim program of a CAPSULE_SANITIZE build: the ASan
// runtime options of a program whose crashes capsule captures.
//
// A victim's own code is not instrumented (it stands for a user's program),
// but it links capsule_core, which is, so the runtime is there and would by
// default turn the victim's crashes into its own reports and exit(1). These
// defaults keep a crash what it is in a normal build; ASAN_OPTIONS in the
// environment still overrides each of them.
//  - handle_segv/sigbus/sigfpe=0: the fault reaches capsule's handler and then
//    the default action, so the process dies of the signal, as without ASan.
//  - abort_on_error=1: what only the ASan allocator reports (a double free)
//    ends in SIGABRT, as glibc's check does, not in exit(1).
//  - detect_leaks=0: victims exit from crashes and under gdb and ptrace, where
//    LeakSanitizer cannot run; capsule's leaks are checked in its own tests.
//  - verify_asan_link_order=0: `capsule run` preloads libcapsule-preload.so,
//    which then comes before the runtime in the link map.
//  - disable_coredump=0: the `capsule core` tests read the victim's core file.
extern "C" const char* __asan_default_options() {
    return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:abort_on_error=1:detect_leaks=0:"
           "verify_asan_link_order=0:disable_coredump=0";
}

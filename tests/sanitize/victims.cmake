# CAPSULE_SANITIZE (AddressSanitizer + UndefinedBehaviorSanitizer), per kind
# of target. Included by the top CMakeLists.txt; without the option the
# functions below do nothing.
#
# - capsule's libraries, the capsule command, the crash helper, the preload
#   library and the test programs: instrumented (the flags are the top
#   directory's). Leak detection is on in them (ASan's default).
# - Victim programs, which the tests run as a user's program runs
#   (integration victims, crash, torture and secrets victims, the sample
#   projects): their own code is built as in a normal build. ASan and UBSan
#   would change what they do on purpose (UBSan stops at the made-up undefined
#   behaviour before the fault, ASan reports the fault itself and exits 1),
#   and the values tests read their frames as the compiler laid them out. The
#   capsule code inside them stays instrumented, so they link the runtimes,
#   plus victim_options.cpp, which keeps a crash what it is without ASan.

set(CAPSULE_VICTIM_OPTIONS_SOURCE ${CMAKE_CURRENT_LIST_DIR}/victim_options.cpp)

# On capsule's own targets, once they exist.
function(capsule_sanitize_libraries)
  if(NOT CAPSULE_SANITIZE)
    return()
  endif()
  # Instrumented static libraries: whoever links one, an installed copy
  # included, needs the runtimes.
  foreach(library capsule_core capsule_runtime)
    if(TARGET ${library})
      target_link_options(${library} INTERFACE -fsanitize=address,undefined)
    endif()
  endforeach()
  if(TARGET capsule_crash_helper)
    target_sources(capsule_crash_helper PRIVATE ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/helper_options.cpp)
  endif()
endfunction()

# A victim target: its own sources without the sanitizer flags, plus the
# victims' runtime options.
function(capsule_victim target)
  if(NOT CAPSULE_SANITIZE)
    return()
  endif()
  get_target_property(options ${target} COMPILE_OPTIONS)
  if(options)
    list(REMOVE_ITEM options ${CAPSULE_SANITIZE_COMPILE_OPTIONS})
    set_property(TARGET ${target} PROPERTY COMPILE_OPTIONS ${options})
  endif()
  target_sources(${target} PRIVATE ${CAPSULE_VICTIM_OPTIONS_SOURCE})
endfunction()

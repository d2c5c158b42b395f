# capsule_discover_tests(<target> [FRAMEWORK gtest|catch2] [CAPSULE_DIR dir]
#                        [TIMEOUT seconds] [LEG name] [<gtest/catch discover args>...])
#
# gtest_discover_tests / catch_discover_tests, and then, for every test they
# discover, at ctest time:
#   - CAPSULE_OUTPUT_DIR: a repository of its own, CAPSULE_DIR/<test>, so that
#     ATTACHED_FILES_ON_FAIL can name its `latest` capsule (ctest attaches
#     fixed paths only); `capsule ci bundle --repo CAPSULE_DIR` reads them all;
#   - CTEST_TEST_NAME: the ctest name, recorded in each capsule (CTEST_* is on
#     the capture's environment allow-list) so that the capsule matches its
#     testcase in ctest's --output-junit whatever TEST_PREFIX/SUFFIX say;
#   - TIMEOUT and CAPSULE_TIMEOUT: ctest kills a test at TIMEOUT with SIGKILL,
#     which leaves nothing; capsule's watchdog fires a margin before that
#     (a fifth of the timeout, at least 5 s: capturing every thread of a
#     hung process on a loaded machine takes seconds) to write a `timeout` capsule
#     and end the test itself.
# Uses ENVIRONMENT_MODIFICATION (CMake >= 3.22), leaving ENVIRONMENT to the user.
include_guard(GLOBAL)

function(_capsule_watchdog_seconds timeout out)
  math(EXPR margin "${timeout} / 5")
  if(margin LESS 5)
    set(margin 5)
  endif()
  math(EXPR watchdog "${timeout} - ${margin}")
  if(watchdog LESS 1)
    message(FATAL_ERROR "capsule_discover_tests: TIMEOUT ${timeout} leaves no room for the watchdog (use at least 6)")
  endif()
  set(${out} ${watchdog} PARENT_SCOPE)
endfunction()

function(capsule_discover_tests target)
  cmake_parse_arguments(PARSE_ARGV 1 CAPSULE "" "FRAMEWORK;CAPSULE_DIR;TIMEOUT;LEG;TEST_LIST" "")
  set(forward ${CAPSULE_UNPARSED_ARGUMENTS})
  if(NOT CAPSULE_CAPSULE_DIR)
    set(CAPSULE_CAPSULE_DIR "${CMAKE_BINARY_DIR}/capsules")
  endif()
  get_filename_component(CAPSULE_CAPSULE_DIR "${CAPSULE_CAPSULE_DIR}" ABSOLUTE BASE_DIR "${CMAKE_BINARY_DIR}")
  if(NOT CAPSULE_TIMEOUT)
    set(CAPSULE_TIMEOUT 1500)  # ctest's own default
  endif()
  if(NOT CAPSULE_TEST_LIST)
    set(CAPSULE_TEST_LIST ${target}_TESTS)
  endif()
  if(NOT CAPSULE_FRAMEWORK)
    get_target_property(links ${target} LINK_LIBRARIES)
    set(CAPSULE_FRAMEWORK gtest)
    foreach(lib IN LISTS links)
      if(lib MATCHES "^capsule(::|_)catch2")
        set(CAPSULE_FRAMEWORK catch2)
      endif()
    endforeach()
  endif()
  _capsule_watchdog_seconds(${CAPSULE_TIMEOUT} watchdog)

  if(CAPSULE_FRAMEWORK STREQUAL "gtest")
    include(GoogleTest)
    gtest_discover_tests(${target} TEST_LIST ${CAPSULE_TEST_LIST} ${forward})
  elseif(CAPSULE_FRAMEWORK STREQUAL "catch2")
    if(NOT COMMAND catch_discover_tests)
      find_package(Catch2 QUIET)
      # Catch2 v2's package does not put its Catch.cmake on the module path.
      if(Catch2_DIR AND EXISTS "${Catch2_DIR}/Catch.cmake")
        include("${Catch2_DIR}/Catch.cmake")
      else()
        include(Catch)
      endif()
    endif()
    catch_discover_tests(${target} TEST_LIST ${CAPSULE_TEST_LIST} ${forward})
  else()
    message(FATAL_ERROR "capsule_discover_tests: FRAMEWORK must be gtest or catch2, not '${CAPSULE_FRAMEWORK}'")
  endif()

  set(leg_line "")
  if(CAPSULE_LEG)
    set(leg_line ";CAPSULE_LEG=set:${CAPSULE_LEG}")
  endif()
  # Included by ctest after the discovered tests' own file, so the test list
  # is set and the tests exist.
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_capsule_properties.cmake")
  file(WRITE "${script}" "# Written by capsule_discover_tests(${target}).
foreach(_capsule_test IN LISTS ${CAPSULE_TEST_LIST})
  string(MAKE_C_IDENTIFIER \"\${_capsule_test}\" _capsule_id)
  string(SUBSTRING \"\${_capsule_id}\" 0 80 _capsule_id)
  string(MD5 _capsule_hash \"\${_capsule_test}\")
  string(SUBSTRING \"\${_capsule_hash}\" 0 8 _capsule_hash)
  set(_capsule_repo \"${CAPSULE_CAPSULE_DIR}/\${_capsule_id}-\${_capsule_hash}\")
  set_tests_properties(\"\${_capsule_test}\" PROPERTIES
    TIMEOUT ${CAPSULE_TIMEOUT}
    ENVIRONMENT_MODIFICATION \"CAPSULE_OUTPUT_DIR=set:\${_capsule_repo};CAPSULE_TIMEOUT=set:${watchdog};CTEST_TEST_NAME=set:\${_capsule_test}${leg_line}\"
    ATTACHED_FILES_ON_FAIL \"\${_capsule_repo}/latest\")
endforeach()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()

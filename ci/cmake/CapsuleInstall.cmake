# install() and export rules: `cmake --install` puts capsule where
# find_package(capsule CONFIG) finds it, with the same target names as the
# in-tree build (capsule::core, capsule::gtest, capsule::gtest_main,
# capsule::catch2, capsule::catch2_main). Included from the top CMakeLists
# after the targets exist; the integrations' interface sources and headers
# get their installed locations here, next to the rules that install them.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CAPSULE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/capsule)
set(CAPSULE_INSTALL_SRCDIR ${CMAKE_INSTALL_DATADIR}/capsule/src)

foreach(library capsule_core capsule_runtime)
  target_include_directories(${library} PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()
install(DIRECTORY ${capsule_SOURCE_DIR}/core/include/capsule DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(capsule_install_targets capsule_core capsule_runtime capsule_engine capsule_crash_helper)

if(TARGET capsule_gtest)
  target_include_directories(capsule_gtest INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_sources(capsule_gtest INTERFACE $<INSTALL_INTERFACE:${CAPSULE_INSTALL_SRCDIR}/gtest/auto_install.cpp>)
  target_sources(capsule_gtest_main INTERFACE $<INSTALL_INTERFACE:${CAPSULE_INSTALL_SRCDIR}/gtest/gtest_main.cpp>)
  install(DIRECTORY ${capsule_SOURCE_DIR}/gtest_listener/include/capsule DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(FILES ${capsule_SOURCE_DIR}/gtest_listener/src/auto_install.cpp
                ${capsule_SOURCE_DIR}/gtest_listener/src/gtest_main.cpp
          DESTINATION ${CAPSULE_INSTALL_SRCDIR}/gtest)
  list(APPEND capsule_install_targets capsule_gtest capsule_gtest_main)
endif()
if(TARGET capsule_catch2)
  target_include_directories(capsule_catch2 INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_sources(capsule_catch2 INTERFACE $<INSTALL_INTERFACE:${CAPSULE_INSTALL_SRCDIR}/catch2/register_listener.cpp>)
  target_sources(capsule_catch2_main INTERFACE $<INSTALL_INTERFACE:${CAPSULE_INSTALL_SRCDIR}/catch2/catch2_main.cpp>)
  install(DIRECTORY ${capsule_SOURCE_DIR}/catch_reporter/include/capsule DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(FILES ${capsule_SOURCE_DIR}/catch_reporter/src/register_listener.cpp
                ${capsule_SOURCE_DIR}/catch_reporter/src/catch2_main.cpp
          DESTINATION ${CAPSULE_INSTALL_SRCDIR}/catch2)
  list(APPEND capsule_install_targets capsule_catch2 capsule_catch2_main)
endif()

# The crash helper and the engine are looked up at the paths compiled into
# the listener, their installed places (the integrations'
# CAPSULE_CRASH_HELPER_PATH and CAPSULE_ENGINE_PATH), and next to the test
# binary.
set_target_properties(capsule_core PROPERTIES EXPORT_NAME core)
set_target_properties(capsule_runtime PROPERTIES EXPORT_NAME runtime)
set_target_properties(capsule_engine PROPERTIES EXPORT_NAME engine)
set_target_properties(capsule_crash_helper PROPERTIES EXPORT_NAME crash_helper)
foreach(name gtest gtest_main catch2 catch2_main)
  if(TARGET capsule_${name})
    set_target_properties(capsule_${name} PROPERTIES EXPORT_NAME ${name})
  endif()
endforeach()
install(TARGETS ${capsule_install_targets} EXPORT capsule-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/capsule
        RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/capsule)
install(EXPORT capsule-targets NAMESPACE capsule:: DESTINATION ${CAPSULE_INSTALL_CMAKEDIR})

if(TARGET capsule_cli)
  install(TARGETS capsule_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/capsule-config.cmake.in
  ${CMAKE_BINARY_DIR}/capsule-config.cmake INSTALL_DESTINATION ${CAPSULE_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/capsule-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/capsule-config.cmake ${CMAKE_BINARY_DIR}/capsule-config-version.cmake
              ${CMAKE_CURRENT_LIST_DIR}/CapsuleDiscoverTests.cmake
        DESTINATION ${CAPSULE_INSTALL_CMAKEDIR})

# capsule's own build compiles the sample projects as subdirectories, each
# twice: release (-O2) and debug (-O0), both with debug info. Included from
# catch_reporter/CMakeLists.txt, outside tests/, because the samples build
# GoogleTest from source and its GTest::gtest alias must not meet the
# imported GTest::gtest that tests/ gets from find_package.
function(capsule_add_sample name variant flags)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  if(config)
    set(CMAKE_CXX_FLAGS_${config} "${flags}")
  else()
    set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${flags}")
  endif()
  set(CAPSULE_SAMPLE_SUFFIX _${variant})
  set(binary_dir ${CMAKE_BINARY_DIR}/samples/${name}_${variant})
  # CAPSULE_SANITIZE: a sample is a user's project, built without sanitizers
  # (its GoogleTest too); only its executables need the victims' options.
  get_directory_property(saved_options COMPILE_OPTIONS)
  if(CAPSULE_SANITIZE)
    set(plain_options ${saved_options})
    list(REMOVE_ITEM plain_options ${CAPSULE_SANITIZE_COMPILE_OPTIONS})
    set_directory_properties(PROPERTIES COMPILE_OPTIONS "${plain_options}")
  endif()
  add_subdirectory(${capsule_SOURCE_DIR}/samples/${name} ${binary_dir} EXCLUDE_FROM_ALL)
  set_directory_properties(PROPERTIES COMPILE_OPTIONS "${saved_options}")
  if(CAPSULE_SANITIZE)
    get_property(targets DIRECTORY ${binary_dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_sources(${target} PRIVATE ${CAPSULE_VICTIM_OPTIONS_SOURCE})
      endif()
    endforeach()
  endif()
endfunction()

foreach(sample gtest_sample catch2_sample)
  capsule_add_sample(${sample} release "-O2 -g -DNDEBUG")
  capsule_add_sample(${sample} debug "-O0 -g")
endforeach()

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
  add_subdirectory(${capsule_SOURCE_DIR}/samples/${name}
                   ${CMAKE_BINARY_DIR}/samples/${name}_${variant} EXCLUDE_FROM_ALL)
endfunction()

foreach(sample gtest_sample catch2_sample)
  capsule_add_sample(${sample} release "-O2 -g -DNDEBUG")
  capsule_add_sample(${sample} debug "-O0 -g")
endforeach()

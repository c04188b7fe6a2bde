# Sanitizer and fuzzing builds. Include before any target is defined: the flags
# apply to every target of the tree (library, CLI, tests, benchmarks, examples).
#
#  -DMORGUE_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer,
#     (or =address)      part of ASan on Linux). Any undefined behaviour aborts
#                        (-fno-sanitize-recover), so a test that hits it fails.
#                        scripts/test-sanitize builds this in build-asan/.
#  -DMORGUE_SANITIZE=thread  ThreadSanitizer (cannot be combined with ASan).
#                        scripts/test-tsan builds this in build-tsan/.
#  -DMORGUE_FUZZ=ON      libFuzzer targets in tests/fuzz/ (clang only); implies the
#                        sanitizers and adds coverage instrumentation to the library.
#                        scripts/test-fuzz builds this in build-fuzz/.
set(MORGUE_SANITIZE OFF CACHE STRING
  "Sanitizers for every target: OFF, ON or address (-fsanitize=address,undefined), thread")
set_property(CACHE MORGUE_SANITIZE PROPERTY STRINGS OFF ON address thread)
option(MORGUE_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(MORGUE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MORGUE_FUZZ=ON needs clang (libFuzzer): configure with "
      "-DCMAKE_CXX_COMPILER=clang++ (got ${CMAKE_CXX_COMPILER_ID})")
  endif()
  set(MORGUE_SANITIZE ON CACHE STRING "" FORCE)
  # Coverage feedback for libFuzzer in every object; the fuzz targets themselves
  # link with -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt), which adds main().
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(MORGUE_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(MORGUE_SANITIZE STREQUAL "address" OR MORGUE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

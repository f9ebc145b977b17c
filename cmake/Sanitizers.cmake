# -DLF_SANITIZE=address,undefined (any list -fsanitize takes) builds the library and its tests
# with GCC's or Clang's sanitizers: every object, so that the CPU kernels of each ISA are
# instrumented too. Undefined behaviour aborts (no recovery), so a ctest run fails on the first
# report. Used by `./lf sanitize` (build/asan); CUDA sources are not instrumented.
set(LF_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined (empty: none)")

if(LF_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "LF_SANITIZE needs GCC or Clang, got ${CMAKE_CXX_COMPILER_ID}")
  endif()
  set(lf_sanitize_flags -fsanitize=${LF_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:${lf_sanitize_flags}>")
  add_link_options(${lf_sanitize_flags})
  message(STATUS "Sanitizers: ${LF_SANITIZE}")
endif()

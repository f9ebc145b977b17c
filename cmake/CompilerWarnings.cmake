# lf_set_warnings(target): the warnings every native source of the project builds with (C and
# C++ sources; nvcc takes host-compiler warnings through -Xcompiler, see CudaKernels.cmake).
function(lf_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:C,CXX>:-Wall;-Wextra;-Wpedantic;-Wshadow;-Wno-psabi>")
  endif()
endfunction()

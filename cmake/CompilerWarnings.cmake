# lf_set_warnings(target): the warnings every native source of the project builds with.
function(lf_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-psabi)
  endif()
endfunction()

# ctest script: fails if an object file compiled with ISA flags defines a weak or global
# symbol outside its ISA namespace (other than the C++ personality reference). Such a symbol
# could be merged by the linker with the generic build's copy and run AVX-512 code on a CPU
# without it. Mangled names are checked (demangled ones hold brackets that CMake lists break
# on). Usage: cmake -DNM=<nm> -DISA=<isa> -DOBJECTS=<a;b> -P CheckIsaIsolation.cmake
string(LENGTH "${ISA}" isa_length)
set(own_prefix "^_Z[ZNK]*2lf3cpu${isa_length}${ISA}")
foreach(object IN LISTS OBJECTS)
  execute_process(COMMAND ${NM} --defined-only ${object} OUTPUT_VARIABLE symbols RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${NM} failed on ${object}")
  endif()
  string(REGEX MATCHALL "[0-9a-f]+ [TWVu] [^\n]+" shared "${symbols}")
  foreach(entry IN LISTS shared)
    string(REGEX REPLACE "^[0-9a-f]+ [TWVu] " "" symbol "${entry}")
    if(NOT symbol MATCHES "${own_prefix}" AND NOT symbol STREQUAL "DW.ref.__gxx_personality_v0")
      message(FATAL_ERROR "${object}: ${symbol} is shared across ISA builds; move it into lf::cpu::${ISA}")
    endif()
  endforeach()
endforeach()
message(STATUS "${ISA}: no shared symbols outside lf::cpu::${ISA}")

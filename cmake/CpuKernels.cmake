# lf_add_cpu_kernels(target source...): compiles each kernel source once per instruction set
# (AVX-512, AVX2 and a portable 128-bit build on x86-64; the portable build elsewhere) into
# its own namespace, and adds the objects to target. The library picks one at run time
# (native/src/cpu/isa_dispatch.cpp), so one binary runs everywhere and uses the widest
# vectors the CPU has.

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  set(LF_CPU_ISAS generic avx2 avx512)
else()
  set(LF_CPU_ISAS generic)
endif()

set(LF_ISA_FLAGS_generic "")
set(LF_ISA_VEC_BYTES_generic 16)
set(LF_ISA_FLAGS_avx2 -mavx2 -mfma)
set(LF_ISA_VEC_BYTES_avx2 32)
set(LF_ISA_FLAGS_avx512 -mavx512f -mavx512vl -mavx512bw -mavx512dq -mavx2 -mfma -mprefer-vector-width=512)
set(LF_ISA_VEC_BYTES_avx512 64)

function(lf_add_cpu_kernels target)
  string(REPLACE ";" "," compiled "${LF_CPU_ISAS}")
  target_compile_definitions(${target} PRIVATE LF_COMPILED_ISAS="${compiled}")
  set(x86_definition "")
  if(LF_CPU_ISAS MATCHES "avx512")
    set(x86_definition LF_HAVE_X86_ISAS)
    target_compile_definitions(${target} PRIVATE ${x86_definition})
  endif()
  foreach(isa IN LISTS LF_CPU_ISAS)
    set(objects ${target}_cpu_${isa})
    add_library(${objects} OBJECT ${ARGN})
    target_include_directories(${objects} PRIVATE
      ${CMAKE_CURRENT_SOURCE_DIR}/native/include ${CMAKE_CURRENT_SOURCE_DIR}/native/src)
    target_compile_definitions(${objects} PRIVATE
      LF_ISA_NAMESPACE=${isa} LF_VEC_BYTES=${LF_ISA_VEC_BYTES_${isa}} ${x86_definition})
    target_compile_options(${objects} PRIVATE ${LF_ISA_FLAGS_${isa}} -O3 -fno-math-errno)
    target_link_libraries(${objects} PRIVATE OpenMP::OpenMP_CXX)
    lf_set_warnings(${objects})
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${objects}>)
  endforeach()
endfunction()

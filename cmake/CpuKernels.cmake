# lf_add_cpu_kernels(target source...): compiles each kernel source once per instruction set
# (AVX-512, AVX2 and a portable 128-bit build on x86-64, plus AVX512-BF16 and AMX where the
# compiler has them; the portable build elsewhere) into its own namespace, and adds the objects
# to target. The library picks one at run time (native/src/cpu/isa_dispatch.cpp), so one binary runs everywhere and uses
# the widest vectors the CPU has.
include(CheckCXXCompilerFlag)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  set(LF_CPU_ISAS generic avx2 avx512)
  # The avx512bf16 build is the avx512 one plus AVX512-BF16 (gcc 10+, clang 9+), the amx build that
  # plus AMX-BF16 (gcc 11+, clang 12+): the bfloat16 window attention runs its matrix products on
  # vdpbf16ps or on tiles (cpu/attention/bf16_tile.hpp, cpu/bf16/products.hpp).
  check_cxx_compiler_flag("-mavx512bf16" LF_COMPILER_HAS_AVX512BF16)
  check_cxx_compiler_flag("-mavx512bf16 -mamx-tile -mamx-bf16" LF_COMPILER_HAS_AMX)
  if(LF_COMPILER_HAS_AVX512BF16)
    list(APPEND LF_CPU_ISAS avx512bf16)
  endif()
  if(LF_COMPILER_HAS_AVX512BF16 AND LF_COMPILER_HAS_AMX)
    list(APPEND LF_CPU_ISAS amx)
  endif()
else()
  set(LF_CPU_ISAS generic)
endif()

set(LF_ISA_FLAGS_generic "")
set(LF_ISA_VEC_BYTES_generic 16)
set(LF_ISA_FLAGS_avx2 -mavx2 -mfma)
set(LF_ISA_VEC_BYTES_avx2 32)
set(LF_ISA_FLAGS_avx512 -mavx512f -mavx512vl -mavx512bw -mavx512dq -mavx2 -mfma -mprefer-vector-width=512)
set(LF_ISA_VEC_BYTES_avx512 64)
set(LF_ISA_FLAGS_avx512bf16 ${LF_ISA_FLAGS_avx512} -mavx512bf16)
set(LF_ISA_VEC_BYTES_avx512bf16 64)
set(LF_ISA_FLAGS_amx ${LF_ISA_FLAGS_avx512bf16} -mamx-tile -mamx-bf16)
set(LF_ISA_VEC_BYTES_amx 64)

function(lf_add_cpu_kernels target)
  string(REPLACE ";" "," compiled "${LF_CPU_ISAS}")
  target_compile_definitions(${target} PRIVATE LF_COMPILED_ISAS="${compiled}")
  set(x86_definitions "")
  if(LF_CPU_ISAS MATCHES "avx512")
    list(APPEND x86_definitions LF_HAVE_X86_ISAS)
  endif()
  if(LF_CPU_ISAS MATCHES "avx512bf16")
    list(APPEND x86_definitions LF_HAVE_AVX512BF16_ISA)
  endif()
  if(LF_CPU_ISAS MATCHES "amx")
    list(APPEND x86_definitions LF_HAVE_AMX_ISA)
  endif()
  target_compile_definitions(${target} PRIVATE ${x86_definitions})
  foreach(isa IN LISTS LF_CPU_ISAS)
    set(objects ${target}_cpu_${isa})
    add_library(${objects} OBJECT ${ARGN})
    target_include_directories(${objects} PRIVATE
      ${CMAKE_CURRENT_SOURCE_DIR}/native/include ${CMAKE_CURRENT_SOURCE_DIR}/native/src)
    target_compile_definitions(${objects} PRIVATE
      LF_ISA_NAMESPACE=${isa} LF_VEC_BYTES=${LF_ISA_VEC_BYTES_${isa}} ${x86_definitions})
    target_compile_options(${objects} PRIVATE ${LF_ISA_FLAGS_${isa}} -O3 -fno-math-errno)
    target_link_libraries(${objects} PRIVATE OpenMP::OpenMP_CXX)
    lf_set_warnings(${objects})
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${objects}>)
  endforeach()
endfunction()

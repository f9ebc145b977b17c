# Chooses the GPU architectures the CUDA kernels are compiled for, before enable_language(CUDA)
# picks a default of its own: machine code for Ampere (sm_80) and Hopper (sm_90), plus sm_90
# PTX that newer GPUs compile at load time. A user's -DCMAKE_CUDA_ARCHITECTURES=... wins.
# Sets LF_CUDA_ARCH_NAMES ("sm_80,sm_90") for lf_build_info().
if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "")
  set(CMAKE_CUDA_ARCHITECTURES 80-real 90 CACHE STRING "GPU architectures of the CUDA kernels")
endif()
set(LF_CUDA_ARCH_NAMES "")
foreach(arch IN LISTS CMAKE_CUDA_ARCHITECTURES)
  string(REGEX REPLACE "-(real|virtual)$" "" number "${arch}")
  list(APPEND LF_CUDA_ARCH_NAMES "sm_${number}")
endforeach()
list(REMOVE_DUPLICATES LF_CUDA_ARCH_NAMES)
string(REPLACE ";" "," LF_CUDA_ARCH_NAMES "${LF_CUDA_ARCH_NAMES}")

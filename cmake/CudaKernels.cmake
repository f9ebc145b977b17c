# lf_add_cuda_kernels(target source...): adds the CUDA kernel sources to target, compiled for
# CMAKE_CUDA_ARCHITECTURES (cmake/CudaArchitectures.cmake) and linked against the static CUDA
# runtime, so the library links no libcudart/libcuda and loads on machines without a GPU or
# driver (there lf_cuda_available() answers 0). Defines LF_HAVE_CUDA for the entry points.
find_package(CUDAToolkit REQUIRED)

function(lf_add_cuda_kernels target)
  target_sources(${target} PRIVATE ${ARGN})
  set_target_properties(${target} PROPERTIES
    CUDA_STANDARD 17
    CUDA_STANDARD_REQUIRED ON
    CUDA_VISIBILITY_PRESET hidden
    CUDA_RUNTIME_LIBRARY Static)
  target_compile_definitions(${target} PRIVATE LF_HAVE_CUDA LF_CUDA_ARCHS="${LF_CUDA_ARCH_NAMES}")
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra>)
endfunction()

// C entry point of the compact softmax cross-entropy: argument checks (targets included, so a
// bad class index is an error, never an out-of-bounds read; on CUDA the kernel checks them),
// one params struct for both backends, dispatch to the CUDA kernels or to the CPU kernel of the
// selected ISA, then the CPU's reduction, summed in row order in float64 so that the result does
// not depend on the thread count.
#include <string>
#include <vector>

#include "common/checks.hpp"
#include "common/compact_loss.hpp"
#include "common/error.hpp"
#include "cpu/compact_loss/kernels.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cuda/compact_loss/api.hpp"

namespace {

void check_reduction(int32_t reduction) {
    if (reduction != LF_REDUCTION_NONE && reduction != LF_REDUCTION_MEAN && reduction != LF_REDUCTION_SUM) {
        throw lf::Error(LF_ERROR_INVALID_ARGUMENT,
                        lf::check::expected("reduction",
                                            "LF_REDUCTION_NONE (0), LF_REDUCTION_MEAN (1) or LF_REDUCTION_SUM (2)",
                                            std::to_string(reduction)));
    }
}

void check_target_layout(const int64_t* targets, int64_t stride, int64_t batch) {
    lf::check::not_null(targets, "targets");
    const lf::check::Strided described{"targets", targets, sizeof(int64_t), 1, &batch, &stride};
    lf::check::valid_strides(described);
}

void check_targets(const int64_t* targets, int64_t stride, int64_t batch, int64_t classes) {
    check_target_layout(targets, stride, batch);
    for (int64_t b = 0; b < batch; ++b) {
        const int64_t target = targets[b * stride];
        if (target < 0 || target >= classes) {
            throw lf::Error(LF_ERROR_INVALID_ARGUMENT,
                            lf::check::expected("targets",
                                                "class indices in [0, classes = " + std::to_string(classes) + ")",
                                                std::to_string(target) + " at row " + std::to_string(b)));
        }
    }
}

// Checks a [batch, classes] matrix argument, copies its two element strides to out and returns its span.
lf::check::ByteSpan check_matrix(const void* data, const char* name, const int64_t* strides, const char* strides_name,
                                 const int64_t* sizes, int64_t element_bytes, bool is_output, int64_t* out) {
    lf::check::not_null(data, name);
    lf::check::not_null(strides, strides_name);
    const lf::check::Strided described{name, data, element_bytes, 2, sizes, strides};
    const lf::check::ByteSpan span =
        is_output ? lf::check::non_overlapping(described) : lf::check::valid_strides(described);
    out[0] = strides[0];
    out[1] = strides[1];
    return span;
}

void reduce(const std::vector<double>& row_loss, int32_t reduction, float* loss) {
    if (reduction == LF_REDUCTION_NONE) {
        for (size_t b = 0; b < row_loss.size(); ++b) loss[b] = static_cast<float>(row_loss[b]);
        return;
    }
    double sum = 0.0;
    for (double value : row_loss) sum += value;
    *loss = static_cast<float>(reduction == LF_REDUCTION_MEAN ? sum / static_cast<double>(row_loss.size()) : sum);
}

}  // namespace

extern "C" {

LF_API lf_status lf_compact_loss_fwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t classes,
                                     float lambda, int32_t reduction, const void* logits,
                                     const int64_t* logits_strides, const int64_t* targets, int64_t targets_stride,
                                     float* loss, void* grad_logits, const int64_t* grad_logits_strides) {
    return lf::guarded([&] {
        namespace check = lf::check;
        [[maybe_unused]] const lf_device run_on = check::device_call(device, stream, dtype);
        check::positive(batch, "batch");
        if (classes < 2) {
            throw lf::Error(LF_ERROR_INVALID_ARGUMENT,
                            check::expected("classes", ">= 2 (the compact term needs a non-target class)",
                                            std::to_string(classes)));
        }
        const int64_t sizes[2] = {batch, classes};
        check::checked_product(sizes, 2, "batch * classes");
        check::finite(lambda, "lambda");
        check_reduction(reduction);
        lf::CompactLossForward params{};
        params.batch = batch;
        params.classes = classes;
        params.lambda = lambda;
        params.reduction = reduction;
        const int64_t element_bytes = check::element_bytes(dtype);
        const check::ByteSpan logits_span = check_matrix(logits, "logits", logits_strides, "logits_strides", sizes,
                                                         element_bytes, false, params.logits_stride);
        params.logits = logits;
        const check::ByteSpan loss_span =
            check::contiguous(loss, reduction == LF_REDUCTION_NONE ? batch : 1, sizeof(float), "loss");
        check::apart(loss_span, "loss", logits_span, "logits");
        params.loss = loss;
        if (grad_logits != nullptr) {
            const check::ByteSpan grad_span = check_matrix(grad_logits, "grad_logits", grad_logits_strides,
                                                           "grad_logits_strides", sizes, element_bytes, true,
                                                           params.grad_stride);
            check::apart(grad_span, "grad_logits", logits_span, "logits");
            check::apart(loss_span, "loss", grad_span, "grad_logits");
            params.grad = grad_logits;
            params.grad_scale = reduction == LF_REDUCTION_MEAN ? static_cast<float>(1.0 / static_cast<double>(batch))
                                                               : 1.0f;
        }
        params.targets = targets;
        params.targets_stride = targets_stride;
#if defined(LF_HAVE_CUDA)
        if (run_on == LF_DEVICE_CUDA) {  // the targets are device memory: the kernel checks their range
            check_target_layout(targets, targets_stride, batch);
            return lf::cuda::compact_loss_fwd(params, {dtype, stream});
        }
#endif
        check_targets(targets, targets_stride, batch, classes);
        std::vector<double> row_loss(static_cast<size_t>(batch));
        LF_CPU_DISPATCH(compact_loss, params, dtype, row_loss.data())
        reduce(row_loss, reduction, loss);
    });
}

}  // extern "C"

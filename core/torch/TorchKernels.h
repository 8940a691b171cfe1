#pragma once

// Private to kmw_torch: a small-matrix GEMM for Dense layers. Debian's libtorch links the
// reference (netlib) BLAS, whose sgemm takes ~110 us for a 32x64x100 product on this
// machine; a register-tiled kernel with AVX2/FMA (runtime-dispatched, plain C++ fallback)
// does it in a few microseconds, which is most of a small MLP's training step.
// Include <torch/torch.h> first.

#include <torch/torch.h>

namespace kmw::torchsmoke {

/// y = x · weightᵀ + bias (torch::linear semantics: x (..., in), weight (out, in),
/// bias (out) or undefined) with autograd (gradients for x, weight and bias as needed).
/// Float32 CPU tensors use the tiled kernel; anything else falls back to torch::linear.
at::Tensor fastLinear(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias);

/// C (m x n, row-major) = A (m x p) · B (p x n) [+ bias on every row], A and B read
/// with the given strides (element (i, k) of A at a[i * aRowStride + k * aColStride]);
/// `accumulate` adds to C instead of overwriting it (ignored when `bias` is given).
void smallGemm(int64_t m, int64_t n, int64_t p, const float *a, int64_t aRowStride,
               int64_t aColStride, const float *b, int64_t bRowStride, int64_t bColStride,
               float *c, bool accumulate, const float *bias);

} // namespace kmw::torchsmoke

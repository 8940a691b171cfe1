#include <torch/torch.h>

#include "TorchKernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace kmw::torchsmoke {

namespace {

constexpr int kTileRows = 4;  ///< rows of C per micro-tile
constexpr int kTileCols = 16; ///< columns of C per micro-tile (two AVX registers)

/// Eight floats: one AVX register in the AVX2 build, two SSE registers otherwise.
typedef float Vec8 __attribute__((vector_size(32)));

/// One R x 16 tile of C over the whole inner dimension: A entries broadcast, the packed B
/// panel (p x 16, zero-padded) streamed, the 2R accumulators kept in registers.
template <int R>
__attribute__((always_inline)) inline void microTile(int64_t p, const float *a, int64_t ars,
                                                     int64_t acs, const float *panel, float *c,
                                                     int64_t ldc, int cols, bool accumulate,
                                                     const float *bias)
{
    Vec8 lo[R], hi[R];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
        lo[r] = Vec8{};
        hi[r] = Vec8{};
    }
    for (int64_t k = 0; k < p; ++k) {
        Vec8 b0, b1;
        std::memcpy(&b0, panel + k * kTileCols, sizeof b0);
        std::memcpy(&b1, panel + k * kTileCols + 8, sizeof b1);
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const float av = a[r * ars + k * acs];
            lo[r] += av * b0;
            hi[r] += av * b1;
        }
    }
    for (int r = 0; r < R; ++r) {
        float out[kTileCols];
        std::memcpy(out, &lo[r], sizeof lo[r]);
        std::memcpy(out + 8, &hi[r], sizeof hi[r]);
        float *cr = c + r * ldc;
        if (bias)
            for (int j = 0; j < cols; ++j)
                cr[j] = out[j] + bias[j];
        else if (accumulate)
            for (int j = 0; j < cols; ++j)
                cr[j] += out[j];
        else
            for (int j = 0; j < cols; ++j)
                cr[j] = out[j];
    }
}

struct GemmArgs {
    int64_t m, n, p;
    const float *a;
    int64_t ars, acs;
    const float *packed; ///< B in panels of p x 16
    float *c;
    bool accumulate;
    const float *bias;   ///< added to every row of C (n values) or null
};

/// Row tiles [begin, end) of C.
__attribute__((always_inline)) inline void gemmRowsImpl(const GemmArgs &g, int64_t begin,
                                                        int64_t end)
{
    const int64_t panels = (g.n + kTileCols - 1) / kTileCols;
    for (int64_t t = begin; t < end; ++t) {
        const int64_t i0 = t * kTileRows;
        const int rows = int(std::min<int64_t>(kTileRows, g.m - i0));
        const float *a = g.a + i0 * g.ars;
        for (int64_t jp = 0; jp < panels; ++jp) {
            const int cols = int(std::min<int64_t>(kTileCols, g.n - jp * kTileCols));
            const float *panel = g.packed + jp * g.p * kTileCols;
            float *c = g.c + i0 * g.n + jp * kTileCols;
            const float *bias = g.bias ? g.bias + jp * kTileCols : nullptr;
            switch (rows) {
            case 4: microTile<4>(g.p, a, g.ars, g.acs, panel, c, g.n, cols, g.accumulate, bias); break;
            case 3: microTile<3>(g.p, a, g.ars, g.acs, panel, c, g.n, cols, g.accumulate, bias); break;
            case 2: microTile<2>(g.p, a, g.ars, g.acs, panel, c, g.n, cols, g.accumulate, bias); break;
            default: microTile<1>(g.p, a, g.ars, g.acs, panel, c, g.n, cols, g.accumulate, bias); break;
            }
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2,fma"))) void gemmRowsAvx2(const GemmArgs &g, int64_t b, int64_t e)
{
    gemmRowsImpl(g, b, e);
}
#endif

void gemmRowsGeneric(const GemmArgs &g, int64_t b, int64_t e)
{
    gemmRowsImpl(g, b, e);
}

using RowsFn = void (*)(const GemmArgs &, int64_t, int64_t);

RowsFn pickRows()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return gemmRowsAvx2;
#endif
    return gemmRowsGeneric;
}

/// x (M, K) · wᵀ + b with autograd; x contiguous 2-D float32. No bias is passed as an
/// empty tensor (autograd functions do not take undefined inputs).
struct LinearFunction : public torch::autograd::Function<LinearFunction> {
    static at::Tensor forward(torch::autograd::AutogradContext *ctx, const at::Tensor &x,
                              const at::Tensor &w, const at::Tensor &b)
    {
        ctx->save_for_backward({x, w});
        const bool hasBias = b.numel() > 0;
        ctx->saved_data["bias"] = hasBias;
        const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
        at::Tensor y = torch::empty({m, n}, x.options());
        // B = wᵀ (K, N): element (k, j) is w[j][k], row stride 1, column stride K.
        smallGemm(m, n, k, x.data_ptr<float>(), k, 1, w.data_ptr<float>(), 1, k,
                  y.data_ptr<float>(), false, hasBias ? b.data_ptr<float>() : nullptr);
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor &x = saved[0], &w = saved[1];
        const at::Tensor g = grads[0].contiguous();
        const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
        at::Tensor gx, gw, gb;
        if (ctx->needs_input_grad(0)) { // dX (M, K) = dY (M, N) · W (N, K)
            const at::Tensor wc = w.contiguous();
            gx = torch::empty({m, k}, g.options());
            smallGemm(m, k, n, g.data_ptr<float>(), n, 1, wc.data_ptr<float>(), k, 1,
                      gx.data_ptr<float>(), false, nullptr);
        }
        if (ctx->needs_input_grad(1)) { // dW (N, K) = dYᵀ (N, M) · X (M, K)
            gw = torch::empty({n, k}, g.options());
            smallGemm(n, k, m, g.data_ptr<float>(), 1, n, x.data_ptr<float>(), k, 1,
                      gw.data_ptr<float>(), false, nullptr);
        }
        if (ctx->saved_data["bias"].toBool() && ctx->needs_input_grad(2))
            gb = g.sum(0);
        return {gx, gw, gb};
    }
};

} // namespace

void smallGemm(int64_t m, int64_t n, int64_t p, const float *a, int64_t aRowStride,
               int64_t aColStride, const float *b, int64_t bRowStride, int64_t bColStride,
               float *c, bool accumulate, const float *bias)
{
    static const RowsFn rows = pickRows();
    if (m <= 0 || n <= 0)
        return;
    if (p <= 0) {
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j)
                c[i * n + j] = (accumulate ? c[i * n + j] : 0.0f) + (bias ? bias[j] : 0.0f);
        return;
    }
    // Pack B into zero-padded column panels (p x 16) so the tile loop reads contiguously.
    thread_local std::vector<float> packed;
    const int64_t panels = (n + kTileCols - 1) / kTileCols;
    packed.assign(size_t(panels * p * kTileCols), 0.0f);
    for (int64_t jp = 0; jp < panels; ++jp) {
        const int64_t j0 = jp * kTileCols;
        const int cols = int(std::min<int64_t>(kTileCols, n - j0));
        float *dst = packed.data() + jp * p * kTileCols;
        if (bColStride == 1) {
            for (int64_t k = 0; k < p; ++k)
                std::copy(b + k * bRowStride + j0, b + k * bRowStride + j0 + cols,
                          dst + k * kTileCols);
        } else { // B stored transposed (e.g. a Linear weight): gather by column
            for (int j = 0; j < cols; ++j) {
                const float *src = b + (j0 + j) * bColStride;
                for (int64_t k = 0; k < p; ++k)
                    dst[k * kTileCols + j] = src[k * bRowStride];
            }
        }
    }
    const GemmArgs g{m, n, p, a, aRowStride, aColStride, packed.data(), c, accumulate, bias};
    const int64_t tiles = (m + kTileRows - 1) / kTileRows;
    // Threads only pay off for large products: about 2^21 multiply-adds per task.
    const int64_t perTile = std::max<int64_t>(1, kTileRows * n * p);
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 21) / perTile);
    if (tiles <= grain) {
        rows(g, 0, tiles);
        return;
    }
    at::parallel_for(0, tiles, grain, [&](int64_t begin, int64_t end) { rows(g, begin, end); });
}

at::Tensor fastLinear(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias)
{
    if (x.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat
        || !x.device().is_cpu() || weight.dim() != 2 || x.dim() < 1
        || (bias.defined() && bias.scalar_type() != torch::kFloat))
        return torch::linear(x, weight, bias);
    if (x.size(-1) != weight.size(1))
        return torch::linear(x, weight, bias); // lets LibTorch word the shape error
    const at::Tensor w = weight.contiguous();
    const at::Tensor b = bias.defined() ? bias : torch::empty({0}, x.options());
    if (x.dim() == 2)
        return LinearFunction::apply(x.contiguous(), w, b);
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = weight.size(0);
    return LinearFunction::apply(x.reshape({-1, x.size(-1)}).contiguous(), w, b).view(shape);
}

} // namespace kmw::torchsmoke

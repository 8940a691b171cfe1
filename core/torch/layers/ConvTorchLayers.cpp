#include <torch/torch.h>

// LibTorch builds of the convolution family (core/model/layers/ConvLayers.cpp): Conv1D,
// Conv2D, DepthwiseConv2D, Conv2DTranspose, UpSampling1D/2D, the pooling layers,
// ZeroPadding2D, Cropping1D/2D. Channels-last tensors are permuted to channels-first
// around the torch operation and back.

#include "TorchLayer.h"
#include "TorchHelpers.h"

#include <limits>

namespace kmw::torchsmoke {

namespace {

/// Conv1D, Conv2D, DepthwiseConv2D (groups) and Conv2DTranspose: kernel glorot-uniform,
/// bias zeros, in torch's layout.
class ConvTorchLayer : public ActivatedTorchLayer {
public:
    explicit ConvTorchLayer(const LayerSpec &spec) : ActivatedTorchLayer(spec)
    {
        if (spec.type == QLatin1String("Conv2DTranspose"))
            spatial_ = 2;
        if (spec.filters <= 0)
            throw fail(QStringLiteral("filters must be positive"));
        if (spec.kernelSize.isEmpty())
            throw fail(QStringLiteral("kernel_size is missing"));
        kernel_ = expandArgument(spec.kernelSize, spatial_, 1);
        stride_ = expandArgument(spec.strides, spatial_, 1);
        dilation_ = expandArgument(spec.dilationRate, spatial_, 1);
        pad_ = expandArgument(spec.explicitPadding, spatial_, 0);
    }

    void build(torch::nn::Module &module, const std::vector<at::Tensor> &in) override
    {
        const at::Tensor &x = in.at(0);
        needRank(x, spatial_ + 2);
        const int64_t inC = channelsFirst_ ? x.size(1) : x.size(-1);
        const bool transpose = spec_.type == QLatin1String("Conv2DTranspose");
        if (!transpose && spec_.inputDim > 0 && spec_.inputDim != inC)
            throw fail(QStringLiteral("expects %1 input channels, gets %2").arg(spec_.inputDim).arg(inC));
        const int64_t groups = transpose ? 1 : std::max<qint64>(1, spec_.groups);
        if (inC % groups != 0 || spec_.filters % groups != 0)
            throw fail(QStringLiteral("groups %1 do not divide the channels").arg(groups));
        // torch's layouts: conv (out, in / groups, k…); transposed (in, out, k…), where
        // Keras's kernels are (k…, in, out) and (k…, out, in)
        std::vector<int64_t> shape = transpose ? std::vector<int64_t>{inC, spec_.filters}
                                               : std::vector<int64_t>{spec_.filters, inC / groups};
        shape.insert(shape.end(), kernel_.begin(), kernel_.end());
        const auto opts = torch::TensorOptions().dtype(torch::kFloat);
        weight_ = torch::empty(shape, opts);
        const int64_t rf = product(kernel_);
        if (transpose)
            glorotUniform(weight_, rf * spec_.filters, rf * inC);
        else
            glorotUniform(weight_, rf * (inC / groups), rf * spec_.filters);
        weight_ = module.register_parameter("weight", weight_, spec_.trainable);
        if (spec_.useBias)
            bias_ = module.register_parameter("bias", torch::zeros({spec_.filters}, opts), spec_.trainable);
    }

    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        return spec_.type == QLatin1String("Conv2DTranspose") ? convTranspose(in[0], run) : conv(in[0], run);
    }

private:
    at::Tensor conv(const at::Tensor &input, const TorchForward &run) const
    {
        at::Tensor x = toChannelsFirst(input, channelsFirst_);
        std::vector<int64_t> padding(size_t(spatial_), 0);
        const QString mode = spec_.padding.toLower();
        if (mode == QLatin1String("same") || mode == QLatin1String("causal")) {
            std::vector<int64_t> pads; // constant_pad_nd order: last dimension first
            bool symmetric = true;
            for (int d = spatial_ - 1; d >= 0; --d) {
                const size_t i = size_t(d);
                std::pair<int64_t, int64_t> p;
                if (mode == QLatin1String("causal"))
                    p = {(kernel_[i] - 1) * dilation_[i], 0};
                else
                    p = samePadding(x.size(2 + d), kernel_[i], stride_[i], dilation_[i]);
                pads.push_back(p.first);
                pads.push_back(p.second);
                padding[i] = p.first;
                symmetric = symmetric && p.first == p.second;
            }
            if (!symmetric) {
                x = torch::constant_pad_nd(x, pads, 0);
                std::fill(padding.begin(), padding.end(), 0);
            }
        } else if (spec_.framework == QLatin1String("pytorch")) {
            padding = pad_;
        }
        const int64_t groups = std::max<qint64>(1, spec_.groups);
        at::Tensor y = spatial_ == 1 ? torch::conv1d(x, weight_, bias_, stride_, padding, dilation_, groups)
                                     : torch::conv2d(x, weight_, bias_, stride_, padding, dilation_, groups);
        return activate(fromChannelsFirst(y, channelsFirst_), run);
    }

    /// Conv2DTranspose with Keras's output size (keras/utils/conv_utils.py
    /// deconv_output_length): the full transposed convolution, cropped as Keras pads.
    at::Tensor convTranspose(const at::Tensor &input, const TorchForward &run) const
    {
        needRank(input, 4);
        at::Tensor x = toChannelsFirst(input, channelsFirst_);
        std::vector<int64_t> outputPadding(2, 0), start(2, 0), length(2, 0);
        const bool same = spec_.padding.toLower() == QLatin1String("same");
        for (size_t d = 0; d < 2; ++d) {
            const int64_t k = kernel_[d] + (kernel_[d] - 1) * (dilation_[d] - 1);
            const int64_t s = stride_[d], L = x.size(2 + int64_t(d));
            outputPadding[d] = std::max<int64_t>(s - k, 0); // torch needs it below the stride
            if (spec_.outputPadding.isEmpty()) {
                start[d] = same ? std::max<int64_t>(k - s, 0) / 2 : 0;
                length[d] = same ? L * s : L * s + std::max<int64_t>(k - s, 0);
            } else {
                const int64_t op = spec_.outputPadding.value(int(d), spec_.outputPadding.last());
                start[d] = same ? k / 2 : 0;
                length[d] = (L - 1) * s + k - 2 * start[d] + op;
            }
        }
        at::Tensor y = torch::conv_transpose2d(x, weight_, bias_.defined() ? bias_ : at::Tensor(), stride_,
                                               {0, 0}, outputPadding, 1, dilation_);
        for (size_t d = 0; d < 2; ++d) {
            const int64_t dim = 2 + int64_t(d);
            if (start[d] + length[d] > y.size(dim))
                throw fail(QStringLiteral("output_padding larger than the kernel allows is not supported"));
            y = y.narrow(dim, start[d], length[d]);
        }
        return fromChannelsFirst(activate(y, run), channelsFirst_);
    }

    std::vector<int64_t> kernel_, stride_, dilation_, pad_;
    at::Tensor weight_, bias_;
};

/// UpSampling1D (each step repeated `size` times) and UpSampling2D (rows and columns
/// repeated, or bilinear).
class UpSamplingTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &input = in[0];
        if (spatial_ == 1) { // (batch, steps, features)
            const int64_t n = spec_.size.isEmpty() ? 2 : spec_.size.first();
            return input.repeat_interleave(n, channelsFirst_ ? 2 : 1);
        }
        needRank(input, 4);
        at::Tensor x = toChannelsFirst(input, channelsFirst_);
        const int64_t a = spec_.size.isEmpty() ? 2 : spec_.size.first();
        const int64_t b = spec_.size.size() > 1 ? spec_.size[1] : a;
        namespace F = torch::nn::functional;
        x = spec_.interpolation == QLatin1String("bilinear")
                ? interpolateImage(x, F::InterpolateFuncOptions().scale_factor(std::vector<double>{double(a), double(b)}), true)
                : x.repeat_interleave(a, 2).repeat_interleave(b, 3);
        return fromChannelsFirst(x, channelsFirst_);
    }
};

/// MaxPooling1D/2D and AveragePooling1D/2D, 'valid' or TF 'same' padding.
class PoolingTorchLayer : public TorchLayer {
public:
    explicit PoolingTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
        kernel_ = expandArgument(spec.poolSize, spatial_, 2);
        stride_ = spec.strides.isEmpty() ? kernel_ : expandArgument(spec.strides, spatial_, 1);
        pad_ = expandArgument(spec.explicitPadding, spatial_, 0);
    }

    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        needRank(in[0], spatial_ + 2);
        at::Tensor x = toChannelsFirst(in[0], channelsFirst_);
        const bool isMax = spec_.type.startsWith(QLatin1String("MaxPooling"));
        if (spec_.padding.toLower() != QLatin1String("same")) {
            // Keras 'valid' (no padding) or PyTorch's symmetric explicit padding.
            const std::vector<int64_t> padding = spec_.framework == QLatin1String("pytorch")
                                                     ? pad_ : std::vector<int64_t>(size_t(spatial_), 0);
            return fromChannelsFirst(isMax ? maxPool(x, padding) : avgPool(x, padding), channelsFirst_);
        }
        // TF 'same' pooling: pad (max: with -inf); the average counts only real inputs,
        // computed exactly as sum / count with a padded ones-mask.
        std::vector<int64_t> pads;
        bool any = false;
        for (int d = spatial_ - 1; d >= 0; --d) {
            auto p = samePadding(x.size(2 + d), kernel_[size_t(d)], stride_[size_t(d)], 1);
            pads.push_back(p.first);
            pads.push_back(p.second);
            any = any || p.first || p.second;
        }
        const std::vector<int64_t> zero(size_t(spatial_), 0);
        at::Tensor y;
        if (isMax) {
            if (any)
                x = torch::constant_pad_nd(x, pads, -std::numeric_limits<double>::infinity());
            y = maxPool(x, zero);
        } else if (!any) {
            y = avgPool(x, zero);
        } else {
            std::vector<int64_t> maskShape = {1, 1};
            for (int d = 0; d < spatial_; ++d)
                maskShape.push_back(x.size(2 + d));
            at::Tensor mask = torch::constant_pad_nd(torch::ones(maskShape, x.options()), pads, 0);
            x = torch::constant_pad_nd(x, pads, 0);
            y = avgPool(x, zero) / avgPool(mask, zero);
        }
        return fromChannelsFirst(y, channelsFirst_);
    }

private:
    at::Tensor maxPool(const at::Tensor &x, const std::vector<int64_t> &padding) const
    {
        return spatial_ == 1 ? torch::max_pool1d(x, kernel_, stride_, padding)
                             : torch::max_pool2d(x, kernel_, stride_, padding);
    }
    at::Tensor avgPool(const at::Tensor &x, const std::vector<int64_t> &padding) const
    {
        return spatial_ == 1 ? torch::avg_pool1d(x, kernel_, stride_, padding)
                             : torch::avg_pool2d(x, kernel_, stride_, padding);
    }
    std::vector<int64_t> kernel_, stride_, pad_;
};

/// GlobalAveragePooling1D/2D and GlobalMaxPooling1D/2D: the mean or maximum over the
/// spatial axes.
class GlobalPoolingTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &x = in[0];
        needRank(x, spatial_ + 2);
        std::vector<int64_t> dims;
        for (int d = 0; d < spatial_; ++d)
            dims.push_back(channelsFirst_ ? 2 + d : 1 + d);
        return spec_.type.startsWith(QLatin1String("GlobalAverage")) ? x.mean(dims) : x.amax(dims);
    }
};

/// ZeroPadding2D: `padding` as one int, (rows, cols) or ((top, bottom), (left, right)).
class ZeroPaddingTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &x = in[0];
        const QVector<qint64> &p = spec_.explicitPadding;
        int64_t t = 1, b = 1, l = 1, r = 1; // keras ZeroPadding2D(padding=(1, 1))
        if (p.size() == 1) {
            t = b = l = r = p[0];
        } else if (p.size() == 2) {
            t = b = p[0];
            l = r = p[1];
        } else if (p.size() >= 4) {
            t = p[0]; b = p[1]; l = p[2]; r = p[3];
        }
        if (x.dim() != 4)
            throw fail(QStringLiteral("expects a rank-4 input, gets rank %1").arg(x.dim()));
        return channelsFirst_ ? torch::constant_pad_nd(x, {l, r, t, b}, 0)
                              : torch::constant_pad_nd(x, {0, 0, l, r, t, b}, 0);
    }
};

/// Cropping1D (steps) and Cropping2D (rows and columns): the input without `cropping`
/// entries at each end of those axes.
class CroppingTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const QVector<qint64> &c = spec_.cropping;
        needRank(in[0], spatial_ + 2);
        if (spatial_ == 1)
            return crop(in[0], channelsFirst_ ? 2 : 1, c.value(0), c.value(1));
        at::Tensor x = toChannelsFirst(in[0], channelsFirst_);
        x = crop(crop(x, 2, c.value(0), c.value(1)), 3, c.value(2), c.value(3));
        return fromChannelsFirst(x, channelsFirst_);
    }

private:
    static at::Tensor crop(const at::Tensor &x, int64_t dim, int64_t begin, int64_t end)
    {
        const int64_t length = x.size(dim) - begin - end;
        if (length <= 0)
            throw fail(QStringLiteral("cropping %1 of an axis of %2 leaves nothing").arg(begin + end).arg(x.size(dim)));
        return x.narrow(dim, begin, length);
    }
};

} // namespace

void registerConvTorchLayers()
{
    registerTorchLayer<ConvTorchLayer>({QStringLiteral("Conv1D"), QStringLiteral("Conv2D"),
                                        QStringLiteral("DepthwiseConv2D"), QStringLiteral("Conv2DTranspose")});
    registerTorchLayer<UpSamplingTorchLayer>({QStringLiteral("UpSampling1D"), QStringLiteral("UpSampling2D")});
    registerTorchLayer<PoolingTorchLayer>({QStringLiteral("MaxPooling1D"), QStringLiteral("MaxPooling2D"),
                                           QStringLiteral("AveragePooling1D"), QStringLiteral("AveragePooling2D")});
    registerTorchLayer<GlobalPoolingTorchLayer>({QStringLiteral("GlobalAveragePooling1D"), QStringLiteral("GlobalAveragePooling2D"),
                                                 QStringLiteral("GlobalMaxPooling1D"), QStringLiteral("GlobalMaxPooling2D")});
    registerTorchLayer<ZeroPaddingTorchLayer>({QStringLiteral("ZeroPadding2D")});
    registerTorchLayer<CroppingTorchLayer>({QStringLiteral("Cropping1D"), QStringLiteral("Cropping2D")});
}

} // namespace kmw::torchsmoke

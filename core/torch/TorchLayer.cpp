#include <torch/torch.h>

// The registry of layer builds (TorchLayer.h), the Keras activations and the helpers the
// layer families share.

#include "TorchLayer.h"
#include "TorchHelpers.h"

#include "LayerType.h"

#include <QHash>

#include <cmath>
#include <mutex>

namespace kmw::torchsmoke {

namespace {

struct Registry {
    QHash<QString, TorchLayerFactory> classes;
    QHash<QString, TorchLayerFactory> lambdas;
    QStringList errors; ///< registrations of classes no descriptor has
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Registry

void registerTorchLayer(const QStringList &classes, TorchLayerFactory make)
{
    for (const QString &name : classes) {
        QString canonical;
        if (!kerasLayerType(name, &canonical) || canonical != name) {
            registry().errors << name;
            continue;
        }
        registry().classes.insert(name, make);
    }
}

void registerTorchLambda(const QString &function, TorchLayerFactory make)
{
    registry().lambdas.insert(function, std::move(make));
}

std::unique_ptr<TorchLayer> makeTorchLayer(const LayerSpec &spec)
{
    const Registry &r = registry();
    if (!r.errors.isEmpty())
        throw fail(QStringLiteral("the torch runner builds classes that have no layer descriptor: %1")
                       .arg(r.errors.join(QStringLiteral(", "))));
    const bool lambda = spec.type == QLatin1String("Lambda");
    const auto &table = lambda ? r.lambdas : r.classes;
    auto it = table.constFind(lambda ? spec.function : spec.type);
    if (it == table.constEnd())
        throw fail(QStringLiteral("layer type %1 is not supported by the torch runner").arg(spec.type));
    return it.value()(spec);
}

void registerTorchLayers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        registerCoreTorchLayers();
        registerConvTorchLayers();
        registerPreprocessingTorchLayers();
        registerRecurrentTorchLayers();
        registerMergeTorchLayers();
    });
}

// ---------------------------------------------------------------------------------------
// TorchLayer

TorchLayer::TorchLayer(const LayerSpec &spec) : spec_(spec)
{
    channelsFirst_ = spec.framework == QLatin1String("pytorch")
                     || spec.dataFormat == QLatin1String("channels_first");
    if (spec.type.endsWith(QLatin1String("1D")))
        spatial_ = 1;
    else if (spec.type.endsWith(QLatin1String("2D")))
        spatial_ = 2;
}

TorchLayer::~TorchLayer() = default;

void TorchLayer::build(torch::nn::Module &module, const std::vector<at::Tensor> &in)
{
    Q_UNUSED(module);
    Q_UNUSED(in);
}

Act TorchLayer::finalActivation() const
{
    return Act::Linear;
}

bool TorchLayer::keepsInputType() const
{
    return false;
}

ActivatedTorchLayer::ActivatedTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
{
    if (!parseActivation(spec.activation, &act_))
        throw fail(QStringLiteral("activation '%1' is not supported").arg(spec.activation));
}

Act ActivatedTorchLayer::finalActivation() const
{
    return act_;
}

at::Tensor ActivatedTorchLayer::activate(const at::Tensor &x, const TorchForward &run) const
{
    return run.stripActivation ? x : applyActivation(act_, x);
}

// ---------------------------------------------------------------------------------------
// Activations

bool parseActivation(const QString &name, Act *out)
{
    static const QHash<QString, Act> map = {
        {QString(), Act::Linear}, {QStringLiteral("linear"), Act::Linear},
        {QStringLiteral("relu"), Act::Relu}, {QStringLiteral("tanh"), Act::Tanh},
        {QStringLiteral("sigmoid"), Act::Sigmoid}, {QStringLiteral("softmax"), Act::Softmax},
        {QStringLiteral("elu"), Act::Elu}, {QStringLiteral("selu"), Act::Selu},
        {QStringLiteral("softplus"), Act::Softplus}, {QStringLiteral("softsign"), Act::Softsign},
        {QStringLiteral("leaky_relu"), Act::LeakyRelu}, {QStringLiteral("gelu"), Act::Gelu},
        {QStringLiteral("swish"), Act::Swish}, {QStringLiteral("silu"), Act::Swish},
        {QStringLiteral("hard_sigmoid"), Act::HardSigmoid},
        {QStringLiteral("exponential"), Act::Exponential},
    };
    auto it = map.constFind(name.trimmed().toLower());
    if (it == map.constEnd())
        return false;
    *out = it.value();
    return true;
}

at::Tensor applyActivation(Act act, const at::Tensor &x)
{
    switch (act) {
    case Act::Linear: return x;
    case Act::Relu: return torch::relu(x);
    case Act::Tanh: return torch::tanh(x);
    case Act::Sigmoid: return torch::sigmoid(x);
    case Act::Softmax: return torch::softmax(x, -1);
    case Act::Elu: return torch::elu(x);
    case Act::Selu: return torch::selu(x);
    case Act::Softplus: return torch::softplus(x);
    case Act::Softsign: return x / (x.abs() + 1);
    case Act::LeakyRelu: return torch::leaky_relu(x, 0.2);
    case Act::Gelu: return torch::gelu(x);
    case Act::Swish: return torch::silu(x);
    case Act::HardSigmoid: return torch::hardsigmoid(x);
    case Act::Exponential: return torch::exp(x);
    }
    return x;
}

// ---------------------------------------------------------------------------------------
// Helpers

void glorotUniform(at::Tensor &t, int64_t fanIn, int64_t fanOut)
{
    const double limit = std::sqrt(6.0 / double(std::max<int64_t>(1, fanIn + fanOut)));
    t.uniform_(-limit, limit);
}

std::vector<int64_t> expandArgument(const QVector<qint64> &v, int n, int64_t fallback)
{
    std::vector<int64_t> out(size_t(n), fallback);
    for (int i = 0; i < n; ++i) {
        if (!v.isEmpty())
            out[size_t(i)] = v.size() > i ? v[i] : v.last();
    }
    return out;
}

std::pair<int64_t, int64_t> samePadding(int64_t length, int64_t kernel, int64_t stride,
                                        int64_t dilation)
{
    // SAME: out = ceil(L / s), total = max((out - 1) * s + (k - 1) * d + 1 - L, 0),
    // left = total / 2.
    const int64_t out = (length + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + (kernel - 1) * dilation + 1
                                                - length, 0);
    return {total / 2, total - total / 2};
}

at::Tensor toChannelsFirst(const at::Tensor &x, bool channelsFirst)
{
    if (channelsFirst)
        return x;
    return x.dim() == 3 ? x.permute({0, 2, 1}) : x.permute({0, 3, 1, 2});
}

at::Tensor fromChannelsFirst(const at::Tensor &x, bool channelsFirst)
{
    if (channelsFirst)
        return x;
    return x.dim() == 3 ? x.permute({0, 2, 1}) : x.permute({0, 2, 3, 1});
}

at::Tensor interpolateImage(const at::Tensor &x, torch::nn::functional::InterpolateFuncOptions options,
                            bool bilinear)
{
    return torch::nn::functional::interpolate(
        x, bilinear ? options.mode(torch::kBilinear).align_corners(false) : options.mode(torch::kNearest));
}

void needRank(const at::Tensor &x, int64_t rank)
{
    if (x.dim() != rank)
        throw fail(QStringLiteral("expects a rank-%1 input (batch included), gets rank %2")
                       .arg(rank).arg(x.dim()));
}

} // namespace kmw::torchsmoke

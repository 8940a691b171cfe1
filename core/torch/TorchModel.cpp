#include <torch/torch.h>

#include "TorchModel.h"
#include "TorchTrainer.h"
#include "TorchHelpers.h"

#include <QSet>

#include <cmath>
#include <stdexcept>

namespace kmw::torchsmoke {

// ---------------------------------------------------------------------------------------
// LayerImpl

LayerImpl::LayerImpl(const LayerSpec &spec) : layer_(makeTorchLayer(spec)) {}

at::Tensor LayerImpl::forward(const std::vector<at::Tensor> &in)
{
    if (in.empty())
        throw fail(QStringLiteral("has no input"));
    if (!built_) {
        torch::NoGradGuard noGrad;
        layer_->build(*this, in);
        built_ = true;
    }
    if (layer_->keepsInputType() || in[0].is_floating_point())
        return layer_->forward(in, TorchForward{is_training(), stripActivation});
    std::vector<at::Tensor> args = in;
    args[0] = in[0].to(torch::kFloat);
    return layer_->forward(args, TorchForward{is_training(), stripActivation});
}

// ---------------------------------------------------------------------------------------
// GraphNetImpl

GraphNetImpl::GraphNetImpl(const ModelIR &model)
{
    const int n = model.layers.size();
    if (n == 0)
        throw fail(QStringLiteral("the model has no layers"));
    QSet<QString> used;
    for (int i = 0; i < n; ++i) {
        const LayerSpec &spec = model.layers[i];
        QString name = spec.name;
        name.replace(QLatin1Char('.'), QLatin1Char('_'));
        if (name.isEmpty())
            name = spec.type.toLower();
        if (name.isEmpty())
            name = QStringLiteral("layer");
        if (used.contains(name))
            name += QStringLiteral("_%1").arg(i);
        used.insert(name);
        try {
            if (spec.sharedWith >= 0 && spec.sharedWith < i) // one module, called again
                layers_.push_back(layers_[size_t(spec.sharedWith)]);
            else
                layers_.push_back(register_module(name.toStdString(), Layer(spec)));
        } catch (const std::exception &e) {
            throw fail(QStringLiteral("%1 (%2): %3").arg(spec.name, spec.type, errorMessage(e)));
        }
        std::vector<int> inb;
        for (int j : spec.inbound) {
            if (j < 0 || j >= n || j == i)
                throw fail(QStringLiteral("%1 (%2): inbound layer index %3 is out of range")
                               .arg(spec.name, spec.type).arg(j));
            inb.push_back(j);
        }
        inbound_.push_back(inb);
    }
    for (int i : model.inputs)
        if (i >= 0 && i < n)
            inputs_.push_back(i);
    if (inputs_.empty())
        inputs_.push_back(0);
    output_ = model.outputLayer();
    if (output_ < 0 || output_ >= n)
        output_ = n - 1;
    if (inputs_.size() > 1) {
        if (model.inputShapes.size() != int(inputs_.size()))
            throw fail(QStringLiteral("the model has %1 inputs but %2 input shapes")
                           .arg(inputs_.size()).arg(model.inputShapes.size()));
        for (const TensorShape &s : model.inputShapes) {
            std::vector<int64_t> shape;
            for (qint64 d : s) {
                if (d < 0)
                    throw fail(QStringLiteral("an input shape is not fully known, so one "
                                              "data array cannot be split over %1 inputs")
                                   .arg(inputs_.size()));
                shape.push_back(d);
            }
            inputShapes_.push_back(shape);
        }
    }

    // Evaluation order: depth-first post-order from the output (only what it needs).
    std::vector<int> state(size_t(n), 0); // 0 new, 1 on stack, 2 done
    std::function<void(int)> visit = [&](int i) {
        if (state[size_t(i)] == 2)
            return;
        if (state[size_t(i)] == 1)
            throw fail(QStringLiteral("the layer graph has a cycle at %1")
                           .arg(model.layers[i].name));
        state[size_t(i)] = 1;
        for (int j : inbound_[size_t(i)])
            visit(j);
        state[size_t(i)] = 2;
        order_.push_back(i);
    };
    visit(output_);
    for (int i : order_) {
        if (inbound_[size_t(i)].empty()
            && std::find(inputs_.begin(), inputs_.end(), i) == inputs_.end())
            throw fail(QStringLiteral("%1 (%2): has no inbound layer and is not a model input")
                           .arg(model.layers[i].name, model.layers[i].type));
    }
    values_.resize(size_t(n));
}

at::Tensor GraphNetImpl::build(const at::Tensor &sample)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = is_training();
    eval();
    at::Tensor out;
    try {
        out = forward(sample);
    } catch (...) {
        train(wasTraining);
        throw;
    }
    train(wasTraining);
    return out;
}

at::Tensor GraphNetImpl::forward(const at::Tensor &x)
{
    std::vector<at::Tensor> external(inputs_.size());
    if (inputs_.size() == 1) {
        external[0] = x;
    } else {
        std::vector<int64_t> sizes;
        for (const auto &s : inputShapes_)
            sizes.push_back(product(s));
        at::Tensor flat = x.reshape({x.size(0), -1});
        if (flat.size(1) != std::accumulate(sizes.begin(), sizes.end(), int64_t(0)))
            throw fail(QStringLiteral("the data has %1 features per row; the %2 model inputs "
                                      "need %3")
                           .arg(flat.size(1)).arg(inputs_.size())
                           .arg(std::accumulate(sizes.begin(), sizes.end(), int64_t(0))));
        auto parts = flat.split_with_sizes(sizes, 1);
        for (size_t k = 0; k < parts.size(); ++k) {
            std::vector<int64_t> shape = {x.size(0)};
            shape.insert(shape.end(), inputShapes_[k].begin(), inputShapes_[k].end());
            external[k] = parts[k].reshape(shape);
        }
    }
    std::vector<at::Tensor> args;
    for (int i : order_) {
        args.clear();
        const auto &inb = inbound_[size_t(i)];
        if (inb.empty()) {
            const auto pos = std::find(inputs_.begin(), inputs_.end(), i) - inputs_.begin();
            args.push_back(external[size_t(pos)]);
        } else {
            for (int j : inb)
                args.push_back(values_[size_t(j)]);
        }
        Layer &layer = layers_[size_t(i)];
        try {
            values_[size_t(i)] = layer->forward(args);
        } catch (const std::exception &e) {
            for (auto &t : values_)
                t.reset();
            const LayerSpec &s = layer->spec();
            throw fail(QStringLiteral("%1 (%2): %3").arg(s.name, s.type, errorMessage(e)));
        }
    }
    at::Tensor out = values_[size_t(output_)];
    for (auto &t : values_)
        t.reset();
    return out;
}

Act GraphNetImpl::finalActivation() const
{
    return layers_[size_t(output_)]->finalActivation();
}

void GraphNetImpl::setStripFinalActivation(bool strip)
{
    layers_[size_t(output_)]->stripActivation = strip;
}

QStringList GraphNetImpl::notes() const
{
    QStringList out;
    for (const Layer &l : layers_)
        out += l->notes();
    return out;
}

} // namespace kmw::torchsmoke

#include <torch/script.h>
#include <torch/torch.h>

#include "TorchHelpers.h"
#include "TorchModel.h"
#include "TorchRunner.h"
#include "TorchApi.h"
#include "TorchTrainer.h"

#include <QFileInfo>

#include <cmath>
#include <thread>

namespace kmw {

using namespace torchsmoke;

namespace {

/// A GraphNet behind the trainer's interface.
class GraphSmokeNet : public SmokeNet {
public:
    explicit GraphSmokeNet(GraphNet net) : net_(std::move(net)) {}
    at::Tensor forward(const at::Tensor &x) override { return net_->forward(x); }
    std::vector<std::pair<std::string, at::Tensor>> namedParameters() override
    {
        std::vector<std::pair<std::string, at::Tensor>> out;
        for (const auto &item : net_->named_parameters())
            out.emplace_back(item.key(), item.value());
        return out;
    }
    std::vector<at::Tensor> buffers() override { return net_->buffers(); }
    void setTraining(bool on) override { net_->train(on); }
    GraphNet &net() { return net_; }

private:
    GraphNet net_;
};

/// A TorchScript module behind the trainer's interface.
class JitSmokeNet : public SmokeNet {
public:
    explicit JitSmokeNet(torch::jit::Module module) : module_(std::move(module))
    {
        for (at::Tensor p : module_.parameters())
            p.set_requires_grad(true);
        module_.train();
        inputs_.resize(1);
    }
    at::Tensor forward(const at::Tensor &x) override
    {
        inputs_[0] = x;
        at::Tensor out = module_.forward(inputs_).toTensor();
        inputs_[0] = at::Tensor();
        return out;
    }
    std::vector<std::pair<std::string, at::Tensor>> namedParameters() override
    {
        std::vector<std::pair<std::string, at::Tensor>> out;
        for (const auto &np : module_.named_parameters())
            out.emplace_back(np.name, np.value);
        return out;
    }
    std::vector<at::Tensor> buffers() override
    {
        std::vector<at::Tensor> out;
        for (const at::Tensor &b : module_.buffers())
            out.push_back(b);
        return out;
    }
    void setTraining(bool on) override { module_.train(on); }

private:
    torch::jit::Module module_;
    std::vector<torch::jit::IValue> inputs_;
};

qint64 numelSum(const std::vector<at::Tensor> &tensors)
{
    qint64 n = 0;
    for (const at::Tensor &t : tensors)
        n += t.numel();
    return n;
}

TensorShape withoutBatch(const at::Tensor &t)
{
    TensorShape s;
    for (int64_t i = 1; i < t.dim(); ++i)
        s << t.size(i);
    return s;
}

std::vector<int64_t> toStd(const TensorShape &s)
{
    return std::vector<int64_t>(s.begin(), s.end());
}

QString activationName(Act a)
{
    return a == Act::Softmax   ? QStringLiteral("softmax")
           : a == Act::Sigmoid ? QStringLiteral("sigmoid")
                               : QString();
}

/// Do the model's token ids go straight into an Embedding?
bool takesTokenIds(const ModelIR &model)
{
    if (model.integerInputs)
        return true;
    for (const LayerSpec &l : model.layers) {
        if (l.type != QLatin1String("Embedding"))
            continue;
        if (l.inbound.isEmpty())
            return true;
        const int j = l.inbound.first();
        if (j >= 0 && j < model.layers.size()
            && model.layers[j].type == QLatin1String("InputLayer"))
            return true;
    }
    return false;
}

SmokeCheck paramCountCheck(const ModelIR &model, const SmokeOptions &options,
                           qint64 torchParams, const QStringList &notes)
{
    SmokeCheck c{QStringLiteral("param_count"), false, QString()};
    const bool torchOk = torchParams == model.paramsTorch;
    qint64 kerasRef = options.kerasParamsBefore;
    QString refName = QStringLiteral("before migration");
    if (kerasRef < 0) {
        kerasRef = 0;
        for (const LayerSpec &l : model.layers)
            kerasRef += l.paramsKeras;
        refName = QStringLiteral("sum over layers");
    }
    const bool kerasOk = model.paramsKeras == kerasRef;
    c.passed = torchOk && kerasOk;
    c.detail = QStringLiteral("torch %1 %2 IR %3; Keras %4 %5 %6 %7")
                   .arg(groupedThousands(torchParams), torchOk ? QStringLiteral("=") : QStringLiteral("!="),
                        groupedThousands(model.paramsTorch), groupedThousands(model.paramsKeras),
                        kerasOk ? QStringLiteral("=") : QStringLiteral("!="), refName,
                        groupedThousands(kerasRef));
    if (!notes.isEmpty())
        c.detail += QStringLiteral(" (%1)").arg(notes.join(QStringLiteral("; ")));
    return c;
}

SmokeCheck outputShapeCheck(const TensorShape &torchShape, const TensorShape &irShape)
{
    SmokeCheck c{QStringLiteral("output_shape"), false, QString()};
    bool same = torchShape.size() == irShape.size();
    for (int i = 0; same && i < irShape.size(); ++i)
        same = irShape[i] < 0 || irShape[i] == torchShape[i];
    c.passed = same;
    c.detail = QStringLiteral("torch %1 %2 IR %3")
                   .arg(kerasShapeString(torchShape), same ? QStringLiteral("=") : QStringLiteral("!="),
                        kerasShapeString(irShape));
    return c;
}

SmokeResult failed(SmokeResult r, const QString &error)
{
    r.ran = false;
    r.error = error;
    return r;
}

} // namespace

SmokeResult runSmokeImpl(const ModelIR &model, const Dataset &data, const SmokeOptions &options,
                     const SmokeProgressFn &progress, const std::atomic_bool *cancel)
{
    SmokeResult r;
    try {
        // Threads: a model without convolutions or recurrences and under a million
        // parameters trains faster on one thread (its matrix products are too small to
        // split), which also leaves a core to the GUI and its live plot; the others use
        // one per core (bench/: digits MLP 11,400 vs 10,900 steps/s on this machine).
        bool heavy = model.paramsTorch >= 1000000;
        for (const LayerSpec &l : model.layers)
            heavy = heavy || l.type.startsWith(QLatin1String("Conv")) || l.type == QLatin1String("LSTM")
                    || l.type == QLatin1String("GRU") || l.type == QLatin1String("SimpleRNN")
                    || l.type == QLatin1String("Bidirectional");
        at::set_num_threads(heavy ? int(std::max(1u, std::thread::hardware_concurrency())) : 1);
        RunSettings s;
        s.batchSize = options.batchSize > 0 ? options.batchSize
                                            : (model.fit.fromCode ? model.fit.batchSize : 32);
        s.epochs = options.epochs > 0 ? options.epochs : (model.fit.fromCode ? model.fit.epochs : 1);
        s.validationSplit = options.validationSplit >= 0 ? options.validationSplit : 0.0;
        s.maxSteps = options.steps;
        s.optimizer = options.optimizer ? *options.optimizer : model.optimizer;
        s.seed = options.seed;
        s.overfitSteps = options.overfitSteps;
        s.budgetSeconds = options.budgetSeconds;
        s.startedAtMs = options.startedAtMs;
        if (data.rows <= 0)
            return failed(r, QStringLiteral("the data has no rows"));

        at::Tensor x = featureTensor(data, takesTokenIds(model));
        // One input: the data should already have the input's shape; reshape when only
        // the layout of the same values differs (e.g. 64 -> 8x8x1).
        if (model.inputs.size() <= 1 && !model.inputShapes.isEmpty()) {
            const TensorShape &in = model.inputShapes.first();
            int64_t per = 1;
            bool known = !in.isEmpty();
            for (qint64 d : in) {
                known = known && d > 0;
                per *= d;
            }
            const int64_t have = x.numel() / x.size(0);
            if (known && per != have)
                return failed(r, QStringLiteral("the data rows have %1 values %2; the model "
                                                "input is %3")
                                     .arg(have).arg(kerasShapeString(data.featureShape),
                                                    kerasShapeString(in)));
            if (known && withoutBatch(x) != in) {
                std::vector<int64_t> shape = {x.size(0)};
                for (qint64 d : in)
                    shape.push_back(d);
                x = x.reshape(shape);
            }
        }
        const at::Tensor sample = x.narrow(0, 0, std::min<int64_t>(x.size(0), 2));

        // Construct and build (initialise) under the run's seed.
        auto build = [&model, &sample, seed = options.seed](at::Tensor *out) {
            torch::manual_seed(seed);
            GraphNet net(model);
            at::Tensor o = net->build(sample);
            if (out)
                *out = o;
            return net;
        };
        at::Tensor out;
        GraphNet graph = build(&out);
        r.outputShape = withoutBatch(out);
        r.paramsTorch = numelSum(graph->parameters());
        r.buffersTorch = numelSum(graph->buffers());

        LossPlan plan;
        QString error;
        const bool fromCode = options.loss.isEmpty();
        // outputs that are logits by the code's own say: the loss takes them as such
        if (!planLoss(fromCode ? model.loss : options.loss, activationName(graph->finalActivation()), false,
                      fromCode && model.fromLogits, toStd(r.outputShape), data, &plan, &error))
            return failed(r, error);
        graph->setStripFinalActivation(plan.stripFinalActivation);
        const QStringList notes = graph->notes();

        GraphSmokeNet net(graph);
        NetFactory fresh = [&build, strip = plan.stripFinalActivation]() {
            GraphNet g = build(nullptr);
            g->setStripFinalActivation(strip);
            return std::unique_ptr<SmokeNet>(new GraphSmokeNet(g));
        };
        trainAndCheck(net, fresh, x, data, plan, s, progress, cancel, &r);
        r.checks.push_back(outputShapeCheck(r.outputShape, model.outputShape));
        r.checks.push_back(paramCountCheck(model, options, r.paramsTorch, notes));
    } catch (const std::exception &e) {
        return failed(r, errorMessage(e));
    }
    return r;
}

SmokeResult runTorchScriptSmokeImpl(const QString &path, const Dataset &data,
                                const SmokeOptions &options, const SmokeProgressFn &progress,
                                const std::atomic_bool *cancel)
{
    SmokeResult r;
    if (!QFileInfo(path).isFile())
        return failed(r, QStringLiteral("TorchScript file not found: %1").arg(path));
    try {
        auto load = [&path]() {
            try {
                return torch::jit::load(path.toStdString());
            } catch (const std::exception &e) {
                throw fail(QStringLiteral("cannot load TorchScript module %1: %2").arg(path, errorMessage(e)));
            }
        };
        torch::manual_seed(options.seed);
        JitSmokeNet net(load());

        RunSettings s;
        s.batchSize = options.batchSize > 0 ? options.batchSize : 32;
        s.epochs = options.epochs > 0 ? options.epochs : 1;
        s.validationSplit = options.validationSplit >= 0 ? options.validationSplit : 0.0;
        s.maxSteps = options.steps;
        if (options.optimizer) {
            s.optimizer = *options.optimizer;
        } else {
            s.optimizer.type = QStringLiteral("adam");
            s.optimizer.learningRate = 1e-3;
            s.optimizer.epsilon = 1e-8; // torch.optim.Adam's default
        }
        s.seed = options.seed;
        s.overfitSteps = options.overfitSteps;
        s.budgetSeconds = options.budgetSeconds;
        s.startedAtMs = options.startedAtMs;

        const at::Tensor x = featureTensor(data, false);
        at::Tensor out;
        {
            torch::NoGradGuard noGrad;
            net.setTraining(false);
            out = net.forward(x.narrow(0, 0, std::min<int64_t>(x.size(0), 2)));
            net.setTraining(true);
        }
        r.outputShape = withoutBatch(out);
        std::vector<at::Tensor> params;
        for (auto &np : net.namedParameters())
            params.push_back(np.second);
        r.paramsTorch = numelSum(params);
        r.buffersTorch = numelSum(net.buffers());

        LossPlan plan;
        QString error;
        if (!planLoss(options.loss, QString(), true, false, toStd(r.outputShape), data, &plan, &error))
            return failed(r, error);
        NetFactory fresh = [&load]() { return std::unique_ptr<SmokeNet>(new JitSmokeNet(load())); };
        trainAndCheck(net, fresh, x, data, plan, s, progress, cancel, &r);

        const qint64 width = shapeProduct(r.outputShape);
        const qint64 expected = data.numClasses > 0 ? data.numClasses : data.targetWidth;
        SmokeCheck shape{QStringLiteral("output_shape"), width == expected,
                         QStringLiteral("torch %1, %2 %3")
                             .arg(kerasShapeString(r.outputShape),
                                  data.numClasses > 0 ? QStringLiteral("classes")
                                                      : QStringLiteral("target width"))
                             .arg(expected)};
        // A binary classifier may have one output for two classes.
        if (!shape.passed && data.numClasses == 2 && width == 1)
            shape.passed = true;
        r.checks.push_back(shape);
        r.checks.push_back(SmokeCheck{QStringLiteral("param_count"), true,
                                      QStringLiteral("torch %1 (TorchScript: no IR to compare)")
                                          .arg(groupedThousands(r.paramsTorch))});
    } catch (const std::exception &e) {
        return failed(r, errorMessage(e));
    }
    return r;
}

bool writeTorchScriptFixtureImpl(const QString &path, int in, int hidden, int classes,
                             QString *error)
{
    try {
        if (in <= 0 || hidden <= 0 || classes <= 0)
            throw std::runtime_error("sizes must be positive");
        // Fixed weights: a generator of its own, so the global torch seed is untouched.
        auto gen = at::detail::createCPUGenerator(1234);
        auto glorot = [&gen](int64_t outF, int64_t inF) {
            const double limit = std::sqrt(6.0 / double(inF + outF));
            return torch::empty({outF, inF}).uniform_(-limit, limit, gen);
        };
        torch::jit::Module m("KmwFixtureMlp");
        m.register_parameter("fc1_weight", glorot(hidden, in), false);
        m.register_parameter("fc1_bias", torch::zeros({hidden}), false);
        m.register_parameter("fc2_weight", glorot(classes, hidden), false);
        m.register_parameter("fc2_bias", torch::zeros({classes}), false);
        m.define(R"JIT(
def forward(self, x):
    h = torch.flatten(x, 1)
    h = torch.tanh(torch.matmul(h, self.fc1_weight.t()) + self.fc1_bias)
    return torch.matmul(h, self.fc2_weight.t()) + self.fc2_bias
)JIT");
        m.save(path.toStdString());
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("cannot write TorchScript fixture %1: %2")
                         .arg(path, errorMessage(e));
        return false;
    }
}

bool writeStateDictImpl(const QString &path, const QVector<QPair<QString, HostArray>> &state, QString *error);

QString torchVersionImpl()
{
    return QStringLiteral(TORCH_VERSION);
}

namespace {
const TorchApi kApi{kTorchApiVersion, &runSmokeImpl, &runTorchScriptSmokeImpl, &writeTorchScriptFixtureImpl,
                    &torchVersionImpl, &writeStateDictImpl};
} // namespace

} // namespace kmw

extern "C" Q_DECL_EXPORT const kmw::TorchApi *kmw_torch_api()
{
    kmw::torchsmoke::registerTorchLayers();
    return &kmw::kApi;
}

// Layer types: Embedding, SimpleRNN, LSTM, GRU, Bidirectional.
// One descriptor each (LayerType.h): Keras arguments and aliases (keras/layers/*.py),
// shapes and Keras/PyTorch parameter counts, PyTorch source (torch.nn, PyTorch layout).

#include "LayerShapes.h"

namespace kmw {

namespace {

void embeddingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &f = source.module;
    out->init << QStringLiteral("%1 = nn.Embedding(%2, %3)").arg(f).arg(l.inputDim).arg(l.outputDim);
    out->expression = QStringLiteral("%1(%2.long())").arg(f, source.inputs.value(0));
}

/// Embedding: a vector of `output_dim` per input index.
bool inferEmbedding(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (l.inputDim <= 0 || l.outputDim <= 0) {
        *why = QStringLiteral("input_dim and output_dim are required");
        return false;
    }
    l.outputShape = x;
    l.outputShape.append(l.outputDim);
    counts->keras = l.inputDim * l.outputDim;
    counts->torch = counts->keras;
    return true;
}

bool readEmbeddingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    DeclaredInput *input = c.input;
    l->inputDim = r.integer("input_dim", 0, 0);
    l->outputDim = r.integer("output_dim", 1, 0);
    l->inputLength = r.integer("input_length", -1, 0);
    if (l->inputLength > 0 && !input->given) {
        input->given = true;
        input->shape = {l->inputLength};
    }
    return true;
}

void recurrentTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString &f = source.module;
    const QStringList &args = source.inputs;
    const QString x = source.inputs.value(0);
    const TensorShape &shape = source.shape;
    const QString &y = source.output;
    QStringList &init = out->init;
    QStringList &forward = out->forward;
    QString &expr = out->expression;
    const LayerSpec &r = t == str("Bidirectional") && l.wrapped ? *l.wrapped : l;
    const QString cls = r.type == str("SimpleRNN") ? str("RNN") : r.type;
    const bool bi = t == str("Bidirectional");
    if (bi && l.mergeMode != str("concat")) {
        out->error = QStringLiteral("%1: Bidirectional merge_mode '%2' (only concat maps to bidirectional=True)")
                      .arg(l.name, l.mergeMode);
        return;
    }
    if (r.type == str("GRU") && !r.resetAfter)
        out->notes << QStringLiteral("%1: nn.GRU applies the reset gate after the matrix product, as Keras's "
                                  "reset_after=True; this model used reset_after=False").arg(l.name);
    if (r.recurrentDropout > 0) {
        out->error = QStringLiteral("%1: recurrent_dropout=%2 has no nn.%3 equivalent (PyTorch drops nothing inside the "
                                 "recurrence): write the cell by hand, or drop recurrent_dropout in Keras first")
                      .arg(l.name).arg(r.recurrentDropout).arg(cls);
        return;
    }
    init << QStringLiteral("%1 = nn.%2(%3, %4, batch_first=True%5)").arg(f, cls).arg(shape.last()).arg(r.units)
                .arg(bi ? str(", bidirectional=True") : QString());
    QString in = x; // the inputs, after the layer's own dropout
    if (r.inputDropout > 0) {
        // Keras drops the same input units at every step: channel dropout over time
        init << QStringLiteral("%1_dropout = nn.Dropout1d(%2)  # Keras dropout=%2: the same input units at every step")
                    .arg(f).arg(r.inputDropout);
        in = QStringLiteral("%1_dropout(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x);
    }
    // initial_state (batch, units) -> torch's (1, batch, units); LSTM takes (h, c)
    QString state;
    if (l.initialStates == 1)
        state = QStringLiteral(", %1.unsqueeze(0)").arg(args.value(1));
    else if (l.initialStates == 2)
        state = QStringLiteral(", (%1.unsqueeze(0), %2.unsqueeze(0))").arg(args.value(1), args.value(2));
    forward << QStringLiteral("%1, _ = %2(%3%4)").arg(y, f, in, state);
    // Without return_sequences Keras returns each direction's final output: the
    // forward one at the last step, the backward one at the first
    // (https://keras.io/api/layers/recurrent_layers/bidirectional/).
    expr = r.returnSequences ? y
           : bi ? QStringLiteral("torch.cat([%1[:, -1, :%2], %1[:, 0, %2:]], dim=1)").arg(y).arg(r.units)
                : QStringLiteral("%1[:, -1]").arg(y);
}

/// SimpleRNN, LSTM, GRU (counts: recurrentCounts()).
bool inferRecurrent(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (!needRank(x, 2, "3D (batch, timesteps, features)", why))
        return false;
    if (x.last() < 0 || l.units <= 0) {
        *why = QStringLiteral("the feature dimension and units must be known");
        return false;
    }
    for (int k = 1; k <= l.initialStates; ++k) {
        if (in.value(k) != TensorShape{l.units}) {
            *why = QStringLiteral("initial state %1 is %2, not (None, %3)")
                       .arg(k).arg(kerasShapeString(in.value(k))).arg(l.units);
            return false;
        }
    }
    *counts = recurrentCounts(l, x.last());
    l.outputShape = l.returnSequences ? TensorShape{x.first(), l.units} : TensorShape{l.units};
    return true;
}

bool readRecurrentArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const CallArgs &args = c.args;
    l->units = r.integer("units", 0, 0);
    if (!args.has(str("activation")))
        l->activation = str("tanh");
    l->recurrentActivation = activationName(args.get(str("recurrent_activation")));
    if (l->recurrentActivation.isEmpty())
        l->recurrentActivation = str("sigmoid");
    l->returnSequences = r.boolean("return_sequences", -1, false);
    l->resetAfter = r.boolean("reset_after", -1, true);
    return true;
}

/// Bidirectional: the wrapped recurrent layer twice.
bool inferBidirectional(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    if (!l.wrapped || !isRecurrent(l.wrapped->type)) {
        *why = QStringLiteral("wraps no supported recurrent layer");
        return false;
    }
    LayerSpec inner = *l.wrapped;
    LayerCounts c;
    if (!inferLayerShape(inner, in, &c, why))
        return false;
    *l.wrapped = inner;
    counts->keras = 2 * c.keras;
    counts->torch = 2 * c.torch;
    l.outputShape = inner.outputShape;
    if (l.mergeMode == str("concat"))
        l.outputShape.last() *= 2;
    return true;
}

bool readBidirectionalArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const CallArgs &args = c.args;
    QString *error = c.error;
    const PyValuePtr inner = args.get(str("layer"), 0);
    if (!inner || inner->kind != PyValue::Kind::Layer) {
        *error = QStringLiteral("Bidirectional needs a recurrent layer object");
        return false;
    }
    l->wrapped = std::make_shared<LayerSpec>(*inner->layer);
    l->mergeMode = r.string("merge_mode", 1, str("concat"));
    return true;
}
} // namespace

void registerRecurrentLayers()
{
    registerLayerType(LayerType{{QStringLiteral("Embedding")}, nullptr, inferEmbedding}
        .reading(readEmbeddingArguments)
        .writing(embeddingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("SimpleRNN"), QStringLiteral("LSTM"), QStringLiteral("GRU")},
        nullptr, inferRecurrent}
        .reading(readRecurrentArguments)
        .writing(recurrentTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Bidirectional")}, nullptr, inferBidirectional}
        .reading(readBidirectionalArguments)
        .writing(recurrentTorchSource));
}

} // namespace kmw

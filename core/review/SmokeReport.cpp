#include "SmokeReport.h"

#include <nlohmann/json.hpp>


#include <cmath>

namespace kmw {

namespace {

using json = nlohmann::ordered_json;

std::string u(const QString &s) { return s.toStdString(); }

json shapeJson(const TensorShape &shape)
{
    json a = json::array();
    a.push_back(nullptr);
    for (qint64 d : shape)
        d < 0 ? a.push_back(nullptr) : a.push_back(d);
    return a;
}

json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json optimizerJson(const OptimizerSpec &o)
{
    json j{{"type", u(o.type)}, {"learning_rate", o.learningRate}, {"from_code", o.fromCode}};
    if (o.type == QLatin1String("sgd")) {
        j["momentum"] = o.momentum;
        j["nesterov"] = o.nesterov;
    } else if (o.type.startsWith(QLatin1String("adam"))) {
        j["beta_1"] = o.beta1;
        j["beta_2"] = o.beta2;
        j["epsilon"] = o.epsilon;
        if (o.type == QLatin1String("adamw"))
            j["weight_decay"] = o.weightDecay;
    } else if (o.type == QLatin1String("rmsprop")) {
        j["rho"] = o.rho;
        j["epsilon"] = o.epsilon;
        j["momentum"] = o.momentum;
    } else if (o.type == QLatin1String("adagrad")) {
        j["initial_accumulator_value"] = o.initialAccumulator;
        j["epsilon"] = o.epsilon;
    }
    return j;
}

json modelObject(const ModelIR &m)
{
    json layers = json::array();
    for (const LayerSpec &l : m.layers)
        layers.push_back({{"name", u(l.name)},
                          {"type", u(l.type)},
                          {"output_shape", shapeJson(l.outputShape)},
                          {"params", l.paramsKeras},
                          {"params_torch", l.paramsTorch}});
    json notes = json::array();
    for (const QString &n : m.notes)
        notes.push_back(u(n));
    return {{"name", u(m.name)},
            {"kind", u(m.kind)},
            {"variable", u(m.variable)},
            {"cell", m.cell},
            {"input_shape", shapeJson(m.inputShapes.value(0))},
            {"output_shape", shapeJson(m.outputShape)},
            {"layers", layers},
            {"params_keras", m.paramsKeras},
            {"trainable_keras", m.trainableKeras},
            {"non_trainable_keras", m.nonTrainableKeras},
            {"params_torch", m.paramsTorch},
            {"loss", u(m.loss)},
            {"from_logits", m.fromLogits},
            {"optimizer", optimizerJson(m.optimizer)},
            {"notes", notes}};
}

QByteArray dump(const json &j)
{
    return QByteArray::fromStdString(j.dump(2)) + '\n';
}

} // namespace

QByteArray modelJson(const ModelIR &model)
{
    return dump(modelObject(model));
}

QByteArray smokeJson(const SmokeSetup &setup, const SmokeResult &result)
{
    json history = json::array();
    for (const EpochRecord &e : result.history)
        history.push_back({{"epoch", e.epoch},
                           {"loss", number(e.loss)},
                           {"val_loss", number(e.valLoss)},
                           {"accuracy", number(e.accuracy)},
                           {"val_accuracy", number(e.valAccuracy)}});
    json checks = json::array();
    for (const SmokeCheck &c : result.checks)
        checks.push_back({{"name", u(c.name)}, {"passed", c.passed}, {"detail", u(c.detail)}});
    json model = modelObject(setup.model);
    json notes = json::array();
    for (const QString &n : setup.notes)
        notes.push_back(u(n));
    json data{{"name", u(setup.data.name)},
              {"rows", setup.data.rows},
              {"feature_shape", shapeJson(setup.data.featureShape)},
              {"classes", setup.data.numClasses},
              {"train_rows", result.trainRows},
              {"validation_rows", result.validationRows}};
    json j{{"model", model},
           {"data", data},
           {"options", {{"epochs", setup.options.epochs},
                        {"steps", setup.options.steps},
                        {"batch_size", result.batchSize > 0 ? result.batchSize : setup.options.batchSize},
                        {"validation_split", setup.options.validationSplit},
                        {"seed", setup.options.seed}}},
           {"params_keras_before", setup.hasBefore ? json(setup.before.paramsKeras) : json(nullptr)},
           {"before", u(setup.beforeLabel)},
           {"history", history},
           {"steps", qint64(result.steps.size())},
           {"steps_per_second", number(result.stepsPerSecond)},
           {"seconds", number(result.seconds)},
           {"checks", checks},
           {"verdict", result.passed() ? "pass" : "fail"},
           {"cancelled", result.cancelled},
           {"notes", notes},
           {"torch_module", u(result.runnerModule)},
           {"budget_seconds", number(setup.options.budgetSeconds)},
           {"scaled", [&] {
                json scaled = json::array();
                for (const QString &line : result.scaled)
                    scaled.push_back(u(line));
                return scaled;
            }()}};
    if (!result.error.isEmpty())
        j["error"] = u(result.error);
    return dump(j);
}

QString modelTable(const ModelIR &m)
{
    QString text = QStringLiteral("Model: \"%1\" (%2%3)\n")
                       .arg(m.name, m.kind,
                            m.variable.isEmpty() ? QString() : QStringLiteral(", variable %1").arg(m.variable));
    text += QStringLiteral("%1 %2 %3 %4\n")
                .arg(QStringLiteral("Layer (type)"), -40)
                .arg(QStringLiteral("Output Shape"), -22)
                .arg(QStringLiteral("Param #"), 10)
                .arg(QStringLiteral("Torch #"), 10);
    for (const LayerSpec &l : m.layers)
        text += QStringLiteral("%1 %2 %3 %4\n")
                    .arg(QStringLiteral("%1 (%2)").arg(l.name, l.type), -40)
                    .arg(kerasShapeString(l.outputShape), -22)
                    .arg(groupedThousands(l.paramsKeras), 10)
                    .arg(groupedThousands(l.paramsTorch), 10);
    text += QStringLiteral("Total params: %1 (Keras), %2 (PyTorch parameters)\n")
                .arg(groupedThousands(m.paramsKeras), groupedThousands(m.paramsTorch));
    text += QStringLiteral("Trainable params: %1\nNon-trainable params: %2\n")
                .arg(groupedThousands(m.trainableKeras), groupedThousands(m.nonTrainableKeras));
    if (!m.loss.isEmpty())
        text += QStringLiteral("Loss: %1%2; optimizer: %3 (learning rate %4)\n")
                    .arg(m.loss, m.fromLogits ? QStringLiteral(" (from logits)") : QString(),
                         m.optimizer.type)
                    .arg(m.optimizer.learningRate);
    for (const QString &n : m.notes)
        text += QStringLiteral("note: %1\n").arg(n);
    return text;
}

QString smokeEpochLine(const EpochRecord &e)
{
    return QStringLiteral("Epoch %1: loss %2 - accuracy %3 - val_loss %4 - val_accuracy %5")
        .arg(e.epoch)
        .arg(e.loss, 0, 'f', 4)
        .arg(e.accuracy, 0, 'f', 4)
        .arg(e.valLoss, 0, 'f', 4)
        .arg(e.valAccuracy, 0, 'f', 4);
}

QString smokeCheckLine(const SmokeCheck &c)
{
    return QStringLiteral("[%1] %2: %3").arg(c.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"), c.name, c.detail);
}

bool SmokeResult::passed() const
{
    if (!ran || cancelled || !error.isEmpty() || checks.isEmpty())
        return false;
    for (const SmokeCheck &c : checks)
        if (!c.passed)
            return false;
    return true;
}

} // namespace kmw

// The loss a smoke run trains with: a Keras or torch loss name, the model's last
// activation and the data's targets -> LossPlan (see TorchTrainer.h).
#include <torch/torch.h>

#include "TorchHelpers.h"
#include "TorchTrainer.h"

namespace kmw::torchsmoke {

namespace {

QString shapeString(const std::vector<int64_t> &shape)
{
    TensorShape s;
    for (int64_t d : shape)
        s << d;
    return kerasShapeString(s);
}

} // namespace

bool planLoss(const QString &lossName, const QString &finalActivation, bool torchNames, bool fromLogits,
              const std::vector<int64_t> &outputShape, const Dataset &data, LossPlan *plan,
              QString *error)
{
    using K = LossPlan::Kind;
    using A = LossPlan::Accuracy;
    using T = LossPlan::Targets;
    LossPlan p;
    QString key = lossName.trimmed().toLower();
    for (const char *prefix : {"keras.losses.", "losses.", "torch.nn.", "nn.", "f."})
        if (key.startsWith(QLatin1String(prefix)))
            key = key.mid(int(qstrlen(prefix)));
    key.remove(QLatin1Char('_'));
    key.remove(QLatin1String("()"));
    const int64_t width = product(outputShape);
    const int classes = data.numClasses;
    const bool softmax = finalActivation == QLatin1String("softmax");
    const bool sigmoid = finalActivation == QLatin1String("sigmoid");
    auto setError = [&](const QString &m) {
        if (error)
            *error = m;
        return false;
    };
    if (key.isEmpty())
        key = classes > 0 ? (width == 1 && classes <= 2 ? QStringLiteral("binarycrossentropy")
                                                        : QStringLiteral("categoricalcrossentropy"))
                          : QStringLiteral("mse");

    // Class ids must be valid before any one-hot or cross-entropy use.
    if (classes > 0) {
        for (int i = 0; i < data.targets.size(); i += std::max(1, data.targetWidth)) {
            const float t = data.targets[i];
            if (!(t >= 0 && t < float(classes)) || t != std::round(t))
                return setError(QStringLiteral("target %1 of row %2 is not a class id in 0..%3")
                                    .arg(double(t)).arg(i / std::max(1, data.targetWidth))
                                    .arg(classes - 1));
        }
    }

    static const QStringList ce = {"categoricalcrossentropy", "sparsecategoricalcrossentropy",
                                   "crossentropy", "crossentropyloss", "ce"};
    static const QStringList torchCe = {"crossentropy", "crossentropyloss", "ce"};
    static const QStringList bce = {"binarycrossentropy", "bce", "bceloss"};
    static const QStringList bceLogits = {"bcewithlogits", "bcewithlogitsloss",
                                          "binarycrossentropywithlogits"};
    static const QStringList mse = {"mse", "meansquarederror", "mseloss"};
    static const QStringList mae = {"mae", "meanabsoluteerror", "l1", "l1loss"};
    static const QStringList huber = {"huber", "huberloss", "smoothl1loss"};

    if (ce.contains(key)) {
        const bool logits = fromLogits || torchCe.contains(key) || (torchNames && !softmax && lossName.isEmpty());
        if (classes > 0) {
            if (outputShape.size() != 1)
                return setError(QStringLiteral("the output %1 is not (batch, classes): the smoke "
                                               "run trains one class per row")
                                    .arg(shapeString(outputShape)));
            if (width < classes)
                return setError(QStringLiteral("the output has %1 units but the data has %2 "
                                               "classes").arg(width).arg(classes));
            p.targets = T::ClassIds;
        } else if (data.targetWidth == width && width > 1) {
            p.targets = T::Floats; // one-hot / soft targets
        } else {
            return setError(QStringLiteral("cross-entropy needs class targets; the data has "
                                           "regression targets of width %1 for an output of "
                                           "width %2").arg(data.targetWidth).arg(width));
        }
        const bool soft = p.targets == T::Floats;
        if (softmax && !torchCe.contains(key) && !fromLogits) {
            p.stripFinalActivation = true;
            p.kind = soft ? K::SoftCrossEntropyLogits : K::CrossEntropyLogits;
            p.describe = QStringLiteral("cross_entropy on logits (final softmax dropped)");
        } else if (logits) {
            p.kind = soft ? K::SoftCrossEntropyLogits : K::CrossEntropyLogits;
            p.describe = QStringLiteral("cross_entropy on logits");
        } else {
            p.kind = soft ? K::SoftNllOfProbs : K::NllOfProbs;
            p.describe = QStringLiteral("nll on log(clamp(p)) (no final softmax)");
        }
        p.accuracy = A::Argmax;
        p.classes = int(width);
    } else if (bce.contains(key) || bceLogits.contains(key)) {
        if (classes > 0 && width == 1 && classes <= 2) {
            p.targets = T::Floats;
        } else if (classes > 0 && width == classes) {
            p.targets = T::OneHot;
            p.classes = classes;
        } else if (classes == 0 && width == data.targetWidth) {
            p.targets = T::Floats;
        } else {
            return setError(QStringLiteral("binary cross-entropy: the output width %1 does not "
                                           "match the targets (%2)")
                                .arg(width)
                                .arg(classes > 0 ? QStringLiteral("%1 classes").arg(classes)
                                                 : QStringLiteral("width %1").arg(data.targetWidth)));
        }
        if (fromLogits || bceLogits.contains(key) || sigmoid) {
            p.kind = K::BceLogits;
            p.stripFinalActivation = sigmoid && !bceLogits.contains(key) && !fromLogits;
            p.accuracy = p.targets == T::OneHot ? A::Argmax : A::BinaryLogit;
            p.describe = p.stripFinalActivation
                             ? QStringLiteral("binary_cross_entropy_with_logits (final sigmoid dropped)")
                             : QStringLiteral("binary_cross_entropy_with_logits");
        } else {
            p.kind = K::BceProbs;
            p.accuracy = p.targets == T::OneHot ? A::Argmax : A::BinaryProb;
            p.describe = QStringLiteral("binary_cross_entropy on clamp(p)");
        }
    } else if (mse.contains(key) || mae.contains(key) || huber.contains(key)) {
        p.kind = mse.contains(key) ? K::Mse : mae.contains(key) ? K::Mae : K::Huber;
        p.describe = mse.contains(key) ? QStringLiteral("mse_loss")
                     : mae.contains(key) ? QStringLiteral("l1_loss")
                                         : QStringLiteral("huber_loss (delta 1)");
        if (classes > 1 && width == classes) {
            p.targets = T::OneHot;
            p.classes = classes;
            p.accuracy = A::Argmax;
            p.describe += QStringLiteral(" on one-hot targets");
        } else if (classes > 0 && width == 1) {
            p.targets = T::Floats;
            p.accuracy = classes <= 2 ? A::BinaryProb : A::None;
        } else if (width == data.targetWidth) {
            p.targets = T::Floats;
        } else {
            return setError(QStringLiteral("the output width %1 does not match the targets (%2)")
                                .arg(width)
                                .arg(classes > 0 ? QStringLiteral("%1 classes").arg(classes)
                                                 : QStringLiteral("width %1").arg(data.targetWidth)));
        }
    } else {
        return setError(QStringLiteral("loss '%1' is not supported (categorical/sparse/binary "
                                       "crossentropy, mse, mae, huber)").arg(lossName));
    }
    *plan = p;
    return true;
}

} // namespace kmw::torchsmoke

// ImageDataGenerator(...).flow_from_directory(...) -> torchvision's ImageFolder, a
// transforms pipeline and a DataLoader (seed 001 §3 "Data Loading"; catalog §1 row
// "ImageDataGenerator"). Argument names and defaults: keras/preprocessing/image.py
// (Keras 2.x ImageDataGenerator, DirectoryIterator).

#include "PyTorchRewriteInternal.h"

#include <QRegularExpression>

#include <cmath>

namespace kmw::rewrite {
namespace {

bool isTrue(const QString &text) { return !text.isEmpty() && text != s("False") && text != s("0") && text != s("None"); }

/// Evaluates `1./255`, `1 / 255.`, `0.5`: a number or a quotient of two; NaN otherwise.
double number(const QString &text)
{
    static const QRegularExpression quotient(QStringLiteral("^\\s*([0-9.eE+-]+)\\s*/\\s*([0-9.eE+-]+)\\s*$"));
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (ok)
        return v;
    const QRegularExpressionMatch m = quotient.match(text);
    if (m.hasMatch() && m.captured(2).toDouble() != 0)
        return m.captured(1).toDouble() / m.captured(2).toDouble();
    return std::nan("");
}

/// A Keras shift range as RandomAffine's `translate` fraction (its bound must lie in
/// [0, 1]). Keras reads a value < 1 as a fraction of the side and a value >= 1 as pixels
/// (keras/preprocessing/image.py, ImageDataGenerator width_shift_range): pixels are
/// divided by `side` (the target size's width or height; NaN when not literal). A list
/// (shifts chosen among its values) or pixels without a known side give "" and `*why`.
QString shiftFraction(const QString &range, const char *name, double side, QString *why)
{
    const double v = number(range);
    if (std::isnan(v)) {
        if (range.trimmed().startsWith(QLatin1Char('[')) || range.trimmed().startsWith(QLatin1Char('('))) {
            *why = QStringLiteral("%1=%2 picks shifts from a list, which RandomAffine cannot: write a transform by hand")
                       .arg(s(name), range);
            return {};
        }
        return range; // a name: Keras's fraction of the side, as RandomAffine's
    }
    if (std::abs(v) < 1)
        return range;
    if (std::isnan(side) || side <= 0) {
        *why = QStringLiteral("%1=%2 is in pixels and the target size is not known here: give RandomAffine "
                              "translate=(pixels / width, pixels / height) by hand").arg(s(name), range);
        return {};
    }
    return QString::number(std::min(1.0, std::abs(v) / side), 'g', 6);
}

} // namespace

RewriteResult generateImageFolder(const RewriteRequest &r)
{
    RewriteResult out;
    const TSNode statement = statementOf(r.node);
    const TSNode call = findMethodCall(statement, *r.masked, s("flow_from_directory"));
    const QString target = assignedName(r, statement, call);
    if (ts_node_is_null(call) || target.isEmpty()) {
        out.error = s("flow_from_directory() is not assigned to a name (`train_flow = datagen.flow_from_directory(…)`)");
        return out;
    }
    const CallText flow = readCall(r, call);
    // the generator: inline `ImageDataGenerator(…)` or a name assigned to one before
    CallText gen;
    const TSNode object = field(field(call, "function"), "object");
    bool haveGenerator = false;
    if (is(object, "call")) {
        gen = readCall(r, object);
        haveGenerator = true;
    } else if (is(object, "identifier")) {
        haveGenerator = assignedCall(r, flow.object, &gen);
    }
    if (!haveGenerator || gen.function.section(QLatin1Char('.'), -1) != s("ImageDataGenerator")) {
        out.error = QStringLiteral("`%1` is not an ImageDataGenerator(…) assigned in this notebook").arg(flow.object);
        return out;
    }
    const auto arg = [](const CallText &c, const char *name, int position, const char *fallback) {
        const QString v = c.get(s(name), position);
        return v.isEmpty() ? s(fallback) : v;
    };
    const QString directory = flow.get(s("directory"), 0);
    const QString size = arg(flow, "target_size", 1, "(256, 256)");
    const QString colorMode = QString(arg(flow, "color_mode", 2, "'rgb'")).remove(QLatin1Char('\'')).remove(QLatin1Char('"'));
    const QString classMode = QString(arg(flow, "class_mode", 4, "'categorical'")).remove(QLatin1Char('\'')).remove(QLatin1Char('"'));
    const QString batch = arg(flow, "batch_size", 5, "32");
    const QString shuffle = arg(flow, "shuffle", 6, "True");
    const QString seed = flow.get(s("seed"), 7);
    if (directory.isEmpty()) {
        out.error = s("flow_from_directory() has no directory");
        return out;
    }
    if (classMode == s("None") || classMode == s("input")) {
        out.error = QStringLiteral("class_mode=%1 (no labels) has no ImageFolder equivalent: write a Dataset that "
                                   "returns the images alone").arg(classMode);
        return out;
    }

    QStringList steps, notes;
    steps << QStringLiteral("transforms.Resize(%1),").arg(size);
    if (colorMode == s("grayscale"))
        steps << s("transforms.Grayscale(),");
    if (const QString rot = gen.get(s("rotation_range")); isTrue(rot))
        steps << QStringLiteral("transforms.RandomRotation(%1),").arg(rot);
    QString ws = gen.get(s("width_shift_range")), hs = gen.get(s("height_shift_range"));
    const QString shear = gen.get(s("shear_range")), zoom = gen.get(s("zoom_range"));
    // target_size is (height, width)
    static const QRegularExpression pair(QStringLiteral("^\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)$"));
    const QRegularExpressionMatch sides = pair.match(size.trimmed());
    const double height = sides.hasMatch() ? sides.captured(1).toDouble() : std::nan("");
    const double width = sides.hasMatch() ? sides.captured(2).toDouble() : std::nan("");
    for (auto [range, name, side] : {std::tuple<QString *, const char *, double>{&ws, "width_shift_range", width},
                                     std::tuple<QString *, const char *, double>{&hs, "height_shift_range", height}}) {
        if (!isTrue(*range))
            continue;
        QString why;
        const QString fraction = shiftFraction(*range, name, side, &why);
        if (fraction.isEmpty()) {
            steps << QStringLiteral("# TODO: %1").arg(why);
            notes << why;
        } else if (fraction != *range) {
            notes << QStringLiteral("%1=%2 is in pixels: RandomAffine's translate takes it as %3 of the side").arg(s(name), *range, fraction);
        }
        *range = fraction;
    }
    if (isTrue(ws) || isTrue(hs) || isTrue(shear) || isTrue(zoom)) {
        QStringList a{s("degrees=0")};
        if (isTrue(ws) || isTrue(hs))
            a << QStringLiteral("translate=(%1, %2)").arg(isTrue(ws) ? ws : s("0"), isTrue(hs) ? hs : s("0"));
        if (isTrue(shear))
            a << QStringLiteral("shear=%1").arg(shear); // degrees in both (Keras 2.x: shear angle in degrees)
        if (isTrue(zoom)) {
            const bool range = zoom.trimmed().startsWith(QLatin1Char('[')) || zoom.trimmed().startsWith(QLatin1Char('('));
            a << (range ? QStringLiteral("scale=tuple(%1)").arg(zoom) : QStringLiteral("scale=(1 - %1, 1 + %1)").arg(zoom));
            notes << s("zoom_range maps to RandomAffine's scale range (Keras zooms by the inverse factor)");
        }
        steps << QStringLiteral("transforms.RandomAffine(%1),").arg(a.join(s(", ")));
    }
    if (isTrue(gen.get(s("horizontal_flip"))))
        steps << s("transforms.RandomHorizontalFlip(),");
    if (isTrue(gen.get(s("vertical_flip"))))
        steps << s("transforms.RandomVerticalFlip(),");
    if (const QString b = gen.get(s("brightness_range")); isTrue(b))
        steps << QStringLiteral("transforms.ColorJitter(brightness=tuple(%1)),").arg(b);
    steps << s("transforms.ToTensor(),  # a (C, H, W) float tensor in [0, 1]");
    const QString rescale = gen.get(s("rescale"));
    const double factor = rescale.isEmpty() ? 1.0 : number(rescale);
    if (!rescale.isEmpty() && std::abs(factor - 1.0 / 255) < 1e-9) {
        steps.last() = s("transforms.ToTensor(),  # scales to [0, 1] as rescale=1./255 did");
    } else if (rescale.isEmpty() || rescale == s("None")) {
        steps << s("transforms.Lambda(lambda t: t * 255),  # Keras gave pixel values 0..255 (no rescale)");
    } else {
        steps << QStringLiteral("transforms.Lambda(lambda t: t * 255 * (%1)),  # rescale=%1").arg(rescale);
    }
    for (const char *todo : {"preprocessing_function", "channel_shift_range", "featurewise_center",
                             "featurewise_std_normalization", "samplewise_center", "samplewise_std_normalization",
                             "zca_whitening", "validation_split"}) {
        const QString v = gen.get(s(todo));
        if (!isTrue(v))
            continue;
        steps << QStringLiteral("# TODO: %1=%2 is not converted (a transforms.Lambda or transforms.Normalize here)")
                     .arg(s(todo), v);
        notes << QStringLiteral("%1=%2 is not converted: add its torchvision equivalent to the transforms").arg(s(todo), v);
    }
    if (const QString fill = gen.get(s("fill_mode")); !fill.isEmpty() && fill != s("'nearest'") && fill != s("\"nearest\""))
        notes << QStringLiteral("fill_mode=%1: torchvision fills with zeros").arg(fill);
    notes << s("batches are NCHW float tensors (Keras gave NHWC arrays): show an image with X[0].permute(1, 2, 0); "
               "labels are class indices, not one-hot; `flow.n` is `len(flow.dataset)`; next(flow) is next(iter(flow))");
    if (classMode == s("binary"))
        notes << s("class_mode='binary': labels are 0/1 indices; the generated loop makes them float for BCE");

    QStringList L;
    L << QStringLiteral("# %1.flow_from_directory(…) -> torchvision ImageFolder + DataLoader")
             .arg(is(object, "call") ? s("ImageDataGenerator(…)") : flow.object);
    L << QStringLiteral("%1_transform = transforms.Compose([").arg(target);
    for (const QString &step : steps)
        L << s("    ") + step;
    L << s("])");
    QString loader = QStringLiteral("%1 = DataLoader(datasets.ImageFolder(%2, transform=%1_transform), batch_size=%3, shuffle=%4")
                         .arg(target, directory, batch, shuffle);
    if (!seed.isEmpty())
        loader += QStringLiteral(", generator=torch.Generator().manual_seed(%1)").arg(seed);
    L << loader + QLatin1Char(')');
    return finish(r, statement, L.join(QLatin1Char('\n')), notes);
}

} // namespace kmw::rewrite

#include "PyTorchCodegen.h"

#include "ModelExtractor.h"
#include "PyTorchRewriteInternal.h"

#include <QRegularExpression>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

} // namespace

/// The cell whose end state has the model's compile() (the module then knows its loss):
/// the first cell from `cell` on that compiles `variable`, unless it is rebuilt before.
int modelCompileCell(const Document &doc, int cell, const QString &variable)
{
    const QString v = QRegularExpression::escape(variable);
    const QRegularExpression compile(QStringLiteral("\\b%1\\s*\\.\\s*compile\\s*\\(").arg(v));
    const QRegularExpression rebuild(QStringLiteral("^\\s*%1\\s*=[^=]").arg(v), QRegularExpression::MultilineOption);
    for (int c = cell; c < doc.cells.size(); ++c) {
        if (doc.cells[c].type != CellType::Code)
            continue;
        const QString src = QString::fromUtf8(doc.cells[c].source);
        if (c > cell && rebuild.match(src).hasMatch())
            break;
        if (compile.match(src).hasMatch())
            return c;
    }
    return cell;
}

QString lossCode(const ModelIR &ir, bool logits, QString *comment, QString *error)
{
    const QString &loss = ir.loss;
    if (loss == s("categorical_crossentropy")) {
        *comment = s("Keras categorical_crossentropy: the loop gives class indices (argmax of the one-hot "
                     "targets) and the module returns logits");
        return s("nn.CrossEntropyLoss()");
    }
    if (loss == s("sparse_categorical_crossentropy")) {
        *comment = s("Keras sparse_categorical_crossentropy: integer class targets, logits");
        return s("nn.CrossEntropyLoss()");
    }
    if (loss == s("binary_crossentropy")) {
        *comment = logits ? s("Keras binary_crossentropy on the logits (the final sigmoid is left out)")
                          : s("Keras binary_crossentropy on probabilities");
        return logits ? s("nn.BCEWithLogitsLoss()") : s("nn.BCELoss()");
    }
    if (loss == s("mean_squared_error"))
        return s("nn.MSELoss()");
    if (loss == s("mean_absolute_error"))
        return s("nn.L1Loss()");
    if (loss == s("huber")) {
        *comment = s("Keras Huber's delta is 1.0, as PyTorch's");
        return s("nn.HuberLoss(delta=1.0)");
    }
    *error = loss.isEmpty()
                 ? s("the loss is not one the workbench maps (a custom function?): write it as a function of "
                     "(outputs, targets) on tensors")
                 : QStringLiteral("the loss %1 has no mapping here: write it with torch operations").arg(loss);
    return {};
}

QString optimizerCode(const OptimizerSpec &o, const QString &params, QString *comment)
{
    const QString lr = rewrite::pyNumber(o.learningRate);
    if (o.type == s("sgd")) {
        *comment = s("Keras SGD: learning_rate 0.01, momentum 0 by default");
        return QStringLiteral("torch.optim.SGD(%1, lr=%2, momentum=%3, nesterov=%4)")
            .arg(params, lr, rewrite::pyNumber(o.momentum), o.nesterov ? s("True") : s("False"));
    }
    if (o.type == s("adam") || o.type == s("adamw")) {
        *comment = s("Keras's epsilon 1e-07 kept (PyTorch's default is 1e-08)");
        QString code = QStringLiteral("torch.optim.%1(%2, lr=%3, betas=(%4, %5), eps=%6")
                           .arg(o.type == s("adam") ? s("Adam") : s("AdamW"), params, lr, rewrite::pyNumber(o.beta1),
                                rewrite::pyNumber(o.beta2), rewrite::pyNumber(o.epsilon));
        if (o.type == s("adamw"))
            code += QStringLiteral(", weight_decay=%1").arg(rewrite::pyNumber(o.weightDecay));
        return code + QLatin1Char(')');
    }
    if (o.type == s("rmsprop")) {
        *comment = s("Keras rho is PyTorch's alpha (PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-08)");
        return QStringLiteral("torch.optim.RMSprop(%1, lr=%2, alpha=%3, eps=%4, momentum=%5)")
            .arg(params, lr, rewrite::pyNumber(o.rho), rewrite::pyNumber(o.epsilon), rewrite::pyNumber(o.momentum));
    }
    if (o.type == s("adagrad")) {
        *comment = s("Keras Adagrad: initial_accumulator_value 0.1, epsilon 1e-07 (PyTorch's: 0, 1e-10)");
        return QStringLiteral("torch.optim.Adagrad(%1, lr=%2, initial_accumulator_value=%3, eps=%4)")
            .arg(params, lr, rewrite::pyNumber(o.initialAccumulator), rewrite::pyNumber(o.epsilon));
    }
    return {};
}

} // namespace kmw

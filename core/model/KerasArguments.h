#pragma once

// Reading a Keras layer constructor's arguments (`Dense(64, activation="relu")`): the
// names, positions and defaults of Keras 2.x (keras/layers/*.py), for the layer
// descriptors' LayerType::readKeras (core/model/layers/).

#include "ModelIR.h"
#include "PyValue.h"

#include <QString>
#include <QStringList>

namespace kmw {

/// Reads arguments for one constructor, recording what could not be resolved.
class ArgReader {
public:
    ArgReader(const CallArgs &args, const QString &layerType, QStringList *unresolved)
        : a(args), type(layerType), missing(unresolved) {}

    bool has(const char *name, int position = -1) const { return a.has(QString::fromLatin1(name), position); }
    PyValuePtr value(const char *name) const { return a.get(QString::fromLatin1(name), -1); }

    qint64 integer(const char *name, int position, qint64 fallback) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        if (!v || v->kind == PyValue::Kind::None)
            return fallback;
        if (v->isNumber())
            return qint64(v->number());
        note(v, name);
        return fallback;
    }
    double real(const char *name, int position, double fallback) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        if (!v || !v->isNumber())
            return fallback;
        return v->number();
    }
    bool boolean(const char *name, int position, bool fallback) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        if (!v || !v->isNumber())
            return fallback;
        return v->number() != 0;
    }
    QString string(const char *name, int position, const QString &fallback) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        if (!v || v->kind != PyValue::Kind::Str)
            return fallback;
        return v->text;
    }
    /// An int or a tuple of ints, spread to `n` entries; empty when absent.
    QVector<qint64> tuple(const char *name, int position, int n) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        QVector<qint64> out;
        if (!v || v->kind == PyValue::Kind::None)
            return out;
        if (v->isNumber()) {
            out.fill(qint64(v->number()), n);
            return out;
        }
        if (v->kind == PyValue::Kind::List) {
            for (const auto &item : v->items) {
                if (item->isNumber())
                    out.append(qint64(item->number()));
                else if (item->kind == PyValue::Kind::None)
                    out.append(-1);
                else {
                    note(item, name);
                    out.append(-1);
                }
            }
            return out;
        }
        note(v, name);
        return out;
    }
    /// A shape tuple (None -> -1); `given` false when absent.
    TensorShape shape(const char *name, int position, bool *given) const
    {
        const PyValuePtr v = a.get(QString::fromLatin1(name), position);
        *given = v && v->kind != PyValue::Kind::None;
        if (!*given)
            return {};
        if (v->isNumber())
            return {qint64(v->number())};
        return tuple(name, position, 1);
    }
    void note(const PyValuePtr &v, const char *name) const
    {
        QString what = v->text.isEmpty() ? QStringLiteral("?") : v->text;
        QString entry = QStringLiteral("`%1` (%2 of %3)").arg(what, QString::fromLatin1(name), type);
        if (!v->origin.isEmpty())
            entry = QStringLiteral("`%1 = %2` (%3 of %4)").arg(v->origin, what, QString::fromLatin1(name), type);
        if (!missing->contains(entry))
            missing->append(entry);
    }

private:
    const CallArgs &a;
    QString type;
    QStringList *missing;
};

struct DeclaredInput;

/// One Keras layer constructor call as a descriptor reads it.
struct KerasCall {
    const ArgReader &r;   ///< its arguments, typed, with what could not be resolved noted
    const CallArgs &args; ///< the same, raw
    const QString &cls;   ///< the Keras class, aliases resolved (`MaxPooling2D`)
    DeclaredInput *input; ///< an input shape the call declares (`Input(shape=…)`), for the extractor
    QString *error;       ///< why the call cannot be followed, when readKeras returns false
};

} // namespace kmw

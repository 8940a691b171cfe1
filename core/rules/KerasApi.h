#pragma once

#include <QHash>
#include <QSet>
#include <QString>

namespace kmw {

/// Keras 3's public API (resources/keras3-api.json: Keras 3.16, module -> names,
/// generated from keras-team/keras keras/api), to tell whether a `keras.*` name exists.
class KerasApi {
public:
    enum class Status {
        Present, ///< the module or name exists
        Missing, ///< its parent is a Keras 3 module that does not have it
        Unknown, ///< not a keras name, or below a non-module (an attribute of a class)
                 ///< or below a name that is itself missing (the first missing part is
                 ///< the one reported)
    };

    /// The API shipped with the application (`:/data/keras3-api.json`), loaded once.
    static const KerasApi &instance();
    /// Loads an API file; false if it cannot be read.
    bool load(const QString &path);

    /// Status of a fully qualified name; `tensorflow.keras…` is read as `keras…`.
    Status status(const QString &qualified) const;
    bool isModule(const QString &name) const { return m_modules.contains(name); }
    QString version() const { return m_version; }

private:
    QHash<QString, QSet<QString>> m_modules;
    QString m_version;
};

} // namespace kmw

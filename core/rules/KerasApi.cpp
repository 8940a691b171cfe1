#include "KerasApi.h"

#include "ImportTable.h"

#include <QFile>

#include <nlohmann/json.hpp>

namespace kmw {

const KerasApi &KerasApi::instance()
{
    static const KerasApi api = [] {
        KerasApi a;
        a.load(QStringLiteral(":/data/keras3-api.json"));
        return a;
    }();
    return api;
}

bool KerasApi::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = file.readAll();
    try {
        const auto root = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
        m_version = QString::fromStdString(root.value("keras_version", std::string()));
        for (const auto &[module, names] : root.at("modules").items()) {
            QSet<QString> set;
            for (const auto &n : names)
                set.insert(QString::fromStdString(n.get<std::string>()));
            m_modules.insert(QString::fromStdString(module), set);
        }
    } catch (const std::exception &) {
        return false;
    }
    return true;
}

KerasApi::Status KerasApi::status(const QString &qualified) const
{
    const QString name = canonicalKerasName(qualified);
    if (name != QLatin1String("keras") && !name.startsWith(QLatin1String("keras.")))
        return Status::Unknown;
    if (m_modules.contains(name))
        return Status::Present;
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot < 0)
        return Status::Unknown;
    const QString parent = name.left(dot);
    const auto it = m_modules.constFind(parent);
    if (it == m_modules.constEnd())
        return Status::Unknown;
    return it.value().contains(name.mid(dot + 1)) ? Status::Present : Status::Missing;
}

} // namespace kmw

#include "TargetSelector.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QMenu>
#include <QSignalBlocker>

namespace kmw {

TargetSelector::TargetSelector(QMenu *menu, QObject *parent)
    : QObject(parent), m_group(new QActionGroup(this)), m_box(new QComboBox)
{
    m_box->setObjectName(QStringLiteral("TargetBox"));
    m_box->setToolTip(tr("What the rules migrate to: Keras 3 on the PyTorch backend, or plain PyTorch "
                         "(nn.Module, an explicit training loop, DataLoader)"));
    for (const auto &[pack, label] : targets()) {
        QAction *a = menu->addAction(label);
        a->setCheckable(true);
        a->setData(pack);
        m_group->addAction(a);
        m_box->addItem(label, pack);
    }
    connect(m_group, &QActionGroup::triggered, this, [this](QAction *a) { emit requested(a->data().toString()); });
    connect(m_box, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { emit requested(m_box->itemData(index).toString()); });
}

QList<QPair<QString, QString>> TargetSelector::targets()
{
    return {{QStringLiteral("keras3-torch"), tr("Keras 3 on PyTorch (keras3-torch)")},
            {QStringLiteral("keras-to-pytorch"), tr("Plain PyTorch (keras-to-pytorch)")}};
}

void TargetSelector::setCurrent(const QString &pack)
{
    for (QAction *a : m_group->actions())
        a->setChecked(a->data().toString() == pack);
    const QSignalBlocker block(m_box);
    m_box->setCurrentIndex(m_box->findData(pack));
}

} // namespace kmw

#pragma once

#include <QObject>
#include <QPair>
#include <QString>

class QActionGroup;
class QComboBox;
class QMenu;

namespace kmw {

/// The migration target's two controls, kept in step: *Review › Migration Target* (an
/// exclusive action group) and the toolbar's *Target* box. Choosing one emits
/// `requested`; the window switches packs and calls setCurrent() with what is loaded.
class TargetSelector : public QObject {
    Q_OBJECT
public:
    /// Fills `menu` with one checkable action per target; box() is the toolbar's combo.
    TargetSelector(QMenu *menu, QObject *parent);

    /// The targets offered: built-in pack name -> label ("keras3-torch",
    /// "keras-to-pytorch").
    static QList<QPair<QString, QString>> targets();

    QComboBox *box() const { return m_box; }
    /// Shows `pack` as the current target in both controls (no signal); "" for none
    /// (several packs or a pack from a file).
    void setCurrent(const QString &pack);

signals:
    /// The user chose `pack` in the menu or the box.
    void requested(const QString &pack);

private:
    QActionGroup *m_group;
    QComboBox *m_box;
};

} // namespace kmw

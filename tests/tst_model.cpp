#include <QtTest>

class Tstmodel : public QObject {
    Q_OBJECT
private slots:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tstmodel)
#include "tst_model.moc"

#include <QtTest>

class Tsttorch : public QObject {
    Q_OBJECT
private slots:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tsttorch)
#include "tst_torch.moc"

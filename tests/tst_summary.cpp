#include <QtTest>

class Tstsummary : public QObject {
    Q_OBJECT
private slots:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tstsummary)
#include "tst_summary.moc"

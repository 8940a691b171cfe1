// Installation (resources/packaging/Packaging.cmake): `cmake --install --strip` into a
// staging folder (DESTDIR, as CPack does for the .deb), then the staged programs are run
// from there: they must find their LibTorch module relative to themselves, carry no path
// of the build or source tree, and ship a desktop entry and metainfo that Debian's
// validators accept. scripts/check-fresh installs the real .deb on a fresh Debian.

#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QByteArray out, err;
};

Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, arguments);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.waitForFinished(600000);
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestInstall : public QObject {
    Q_OBJECT

    QTemporaryDir m_stage;
    QString m_usr;

private slots:
    void initTestCase()
    {
        QVERIFY(m_stage.isValid());
        m_usr = m_stage.filePath(QStringLiteral("usr"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DESTDIR"), m_stage.path());
        const Run r = run(QStringLiteral(KMW_CMAKE_COMMAND),
                          {QStringLiteral("--install"), QStringLiteral(KMW_BINARY_DIR), QStringLiteral("--prefix"),
                           QStringLiteral("/usr"), QStringLiteral("--strip")},
                          env);
        QVERIFY2(r.code == 0, r.err.constData());
    }

    void installsTheLayout()
    {
        for (const char *file : {"bin/kmw", "bin/kmw-cli", "lib/kmw/libkmw_torch_module.so",
                                 "share/applications/org.kmw.workbench.desktop",
                                 "share/metainfo/org.kmw.workbench.metainfo.xml",
                                 "share/icons/hicolor/scalable/apps/org.kmw.workbench.svg",
                                 "share/kmw/demo-repo/01_mlp_digits.ipynb", "share/doc/kmw/copyright"})
            QVERIFY2(QFileInfo::exists(m_usr + QLatin1Char('/') + QLatin1String(file)), file);
        // Nothing of the test suites is installed.
        QDirIterator it(m_usr, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString rel = QDir(m_usr).relativeFilePath(it.next());
            QVERIFY2(!rel.contains(QLatin1String("tst_")), qPrintable(rel));
        }
    }

    void noBuildOrSourcePathCompiledIn()
    {
        for (const char *file : {"bin/kmw", "bin/kmw-cli", "lib/kmw/libkmw_torch_module.so"}) {
            const QByteArray bytes = kmw::test::readFile(m_usr + QLatin1Char('/') + QLatin1String(file));
            QVERIFY2(bytes.size() > 100000, file);
            QVERIFY2(!bytes.contains(KMW_BINARY_DIR), file);
            QVERIFY2(!bytes.contains(KMW_SOURCE_DIR "/"), file);
        }
    }

    void desktopEntryAndMetainfoValidate()
    {
        const QString desktopValidate = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        const QString appstream = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (desktopValidate.isEmpty() || appstream.isEmpty())
            QSKIP("desktop-file-validate or appstreamcli missing (scripts/setup.sh installs them)");
        Run r = run(desktopValidate, {m_usr + QStringLiteral("/share/applications/org.kmw.workbench.desktop")});
        QVERIFY2(r.code == 0 && r.out.trimmed().isEmpty(), (r.out + r.err).constData());
        r = run(appstream, {QStringLiteral("validate"), QStringLiteral("--no-net"), QStringLiteral("--pedantic"),
                            m_usr + QStringLiteral("/share/metainfo/org.kmw.workbench.metainfo.xml")});
        QVERIFY2(r.code == 0, (r.out + r.err).constData());
        QVERIFY2(!r.out.contains("P: ") && !r.out.contains("W: ") && !r.out.contains("I: "), r.out.constData());
        // The entry's icon and program are the installed ones.
        const QByteArray desktop = kmw::test::readFile(m_usr + QStringLiteral("/share/applications/org.kmw.workbench.desktop"));
        QVERIFY(desktop.contains("\nExec=kmw %f\n"));
        QVERIFY(desktop.contains("\nIcon=org.kmw.workbench\n"));
        QVERIFY(kmw::test::readFile(m_usr + QStringLiteral("/share/icons/hicolor/scalable/apps/org.kmw.workbench.svg")).contains("<svg"));
    }

    void copyrightNamesTheGrammarLicence()
    {
        const QByteArray copyright = kmw::test::readFile(m_usr + QStringLiteral("/share/doc/kmw/copyright"));
        QVERIFY(copyright.startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"));
        QVERIFY(copyright.contains("tree-sitter-python"));
        QVERIFY(copyright.contains("License: MIT\n The MIT License (MIT)\n .\n Copyright (c) 2016 Max Brunsfeld"));
        QVERIFY(copyright.contains("License: GPL-3.0-or-later"));
    }

    void installedCliFindsItsModule()
    {
        // A copy of the installed demo repository, smoke-trained by the installed kmw-cli
        // with no hint where the module is: it must come from <prefix>/lib/kmw.
        QTemporaryDir work;
        const QString repoPath = work.filePath(QStringLiteral("demo"));
        QVERIFY(kmw::test::copyTree(m_usr + QStringLiteral("/share/kmw/demo-repo"), repoPath));
        const QDir repo(repoPath);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KMW_TORCH_MODULE"));
        const Run r = run(m_usr + QStringLiteral("/bin/kmw-cli"),
                          {QStringLiteral("smoke"), repo.absoluteFilePath(QStringLiteral("01_mlp_digits.ipynb")),
                           QStringLiteral("--steps"), QStringLiteral("5"), QStringLiteral("--json")},
                          env);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(report.value(QStringLiteral("torch_module")).toString(),
                 QFileInfo(m_usr + QStringLiteral("/lib/kmw/libkmw_torch_module.so")).absoluteFilePath());
        QCOMPARE(report.value(QStringLiteral("steps")).toInt(), 5);
    }

    void installedGuiRenders()
    {
        QTemporaryDir work;
        const QString repoPath = work.filePath(QStringLiteral("demo"));
        QVERIFY(kmw::test::copyTree(m_usr + QStringLiteral("/share/kmw/demo-repo"), repoPath));
        const QDir repo(repoPath);
        const QString png = repo.absoluteFilePath(QStringLiteral("shot.png"));
        const Run r = run(m_usr + QStringLiteral("/bin/kmw"),
                          {repoPath, QStringLiteral("--open"), QStringLiteral("01_mlp_digits.ipynb"),
                           QStringLiteral("--screenshot"), png});
        QVERIFY2(r.code == 0, r.err.constData());
        QImage image(png);
        QCOMPARE(image.size(), QSize(1600, 1000));
        // A window with its text drawn, not a blank surface: many colours on a grid.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"

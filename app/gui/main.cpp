// kmw: the Keras Migration Workbench GUI.
// kmw [PATH] [--open FILE] [--screenshot OUT.png] [--lang fr] [--run-both] [--verify CELL]   (docs/DESIGN.md "GUI")

#include "MainWindow.h"
#include "RunDock.h"
#include "VerifyDock.h"
#include "TargetSelector.h"
#include "SmokeDock.h"
#include "NotebookView.h"

#include "AtomicFile.h"
#include "SmokeReport.h"

#include <QApplication>
#include <QEventLoop>
#include <QEvent>
#include <QTimer>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QTranslator>

#include <chrono>
#include <cstdio>

namespace {

/// --exit-after-paint: prints the monotonic clock at the first paint of the notebook
/// view, then quits (benchmarks compare it with the time they started the process).
class FirstPaintProbe : public QObject {
public:
    FirstPaintProbe(QWidget *view, QObject *parent) : QObject(parent), m_view(view) {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *widget = qobject_cast<QWidget *>(watched);
        if (event->type() == QEvent::Paint && !m_done && widget && m_view->isAncestorOf(widget)) {
            m_done = true;
            const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
            std::printf("first-paint %.6f\n", now);
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_view;
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    // --screenshot and --version need no display: offscreen unless a platform was chosen.
    for (int i = 1; i < argc; ++i)
        if ((qstrcmp(argv[i], "--screenshot") == 0 || qstrcmp(argv[i], "--version") == 0 || qstrcmp(argv[i], "-v") == 0)
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kmw"));
    QApplication::setOrganizationName(QStringLiteral("KerasMigrationWorkbench"));
    QApplication::setApplicationVersion(QStringLiteral(KMW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Keras Migration Workbench"));
    parser.addHelpOption();
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Print the version, the rule packs and the libraries with their licences."));
    parser.addOption(version);
    const QCommandLineOption open(QStringLiteral("open"), QStringLiteral("Open FILE of the repository."), QStringLiteral("file"));
    const QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Render the window to a PNG and exit."),
                                  QStringLiteral("png"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("User interface language (fr)."),
                                  QStringLiteral("code"));
    const QCommandLineOption smoke(QStringLiteral("smoke"),
                                   QStringLiteral("Smoke-train the model at CELL of the opened file (with --screenshot: "
                                                  "after the run)."),
                                   QStringLiteral("cell"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data for --smoke: synthetic, digits or a file."),
                                  QStringLiteral("data"));
    const QCommandLineOption exitAfterPaint(
        QStringLiteral("exit-after-paint"),
        QStringLiteral("Benchmarks: print the monotonic clock (seconds) when the opened file is first painted, then exit."));
    const QCommandLineOption smokeReport(QStringLiteral("smoke-report"),
                                         QStringLiteral("Benchmarks: write the --smoke run's JSON to FILE and exit."),
                                         QStringLiteral("file"));
    const QCommandLineOption target(QStringLiteral("target"),
                                    QStringLiteral("Migration target: keras3-torch (default) or keras-to-pytorch."),
                                    QStringLiteral("pack"));
    const QCommandLineOption acceptAll(QStringLiteral("accept-all"),
                                       QStringLiteral("With --open: accept every fixable finding of the file (not saved)."));
    const QCommandLineOption runBoth(QStringLiteral("run-both"),
                                     QStringLiteral("Run the --open file on both sides (Review › Run Both Sides); with "
                                                    "--screenshot, after the run ends."));
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    QStringLiteral("Verify the models of the --open file in Python (Model › Verify in Python; "
                                                   "CELL -1: every model); with --screenshot, after it ends."),
                                    QStringLiteral("CELL"));
    parser.addOptions({open, shot, lang, smoke, data, exitAfterPaint, smokeReport, target, acceptAll, runBoth, verify});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder to open."));
    parser.process(app);
    if (parser.isSet(version)) {
        std::printf("%s", qPrintable(kmw::MainWindow::aboutText()));
        return 0;
    }

    QTranslator translator, rulesTranslator;
    const QString language = parser.isSet(lang) ? parser.value(lang) : QLocale::system().name().left(2);
    if (language != QLatin1String("en")) {
        if (translator.load(QStringLiteral(":/i18n/kmw_%1.qm").arg(language)))
            QApplication::installTranslator(&translator);
        else if (parser.isSet(lang))
            std::fprintf(stderr, "kmw: no translation for language '%s'\n", qPrintable(language));
        // Rule titles and messages (partly translated; the rest stays in English).
        if (rulesTranslator.load(QStringLiteral(":/i18n/kmw_rules_%1.qm").arg(language)))
            QApplication::installTranslator(&rulesTranslator);
    }

    kmw::MainWindow window;
    window.setScripted(parser.isSet(shot));
    if (parser.isSet(target)) {
        bool known = false;
        for (const auto &[pack, label] : kmw::TargetSelector::targets())
            known = known || pack == parser.value(target);
        if (!known || !window.setTarget(parser.value(target))) {
            std::fprintf(stderr, "kmw: unknown migration target '%s' (keras3-torch, keras-to-pytorch)\n",
                         qPrintable(parser.value(target)));
            return 2;
        }
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        if (!QFileInfo::exists(positional.first())) {
            std::fprintf(stderr, "kmw: %s: no such file or folder\n", qPrintable(positional.first()));
            return 3;
        }
        window.openRepository(positional.first());
    }
    if (parser.isSet(shot)) {
        window.resize(1600, 1000);
        window.show();
        window.waitForScan();
        if (parser.isSet(open)) {
            if (!window.openFile(parser.value(open)))
                return 3;
            window.waitForScan(); // a file the scan did not list is read off the GUI thread
            if (window.currentFile().isEmpty())
                return 3; // it could not be read (said on stderr)
        }
        if (parser.isSet(acceptAll))
            window.acceptAllInFile();
        if (parser.isSet(smoke)) {
            if (parser.isSet(data))
                window.smokeDock()->setData(parser.value(data));
            if (!window.smokeTrain(parser.value(smoke).toInt()))
                return 3;
            window.smokeDock()->waitForFinished();
        }
        if (parser.isSet(runBoth)) {
            QEventLoop loop;
            QObject::connect(window.runDock(), &kmw::RunDock::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
            if (!window.runBothSides())
                return 3;
            loop.exec();
        }
        if (parser.isSet(verify)) {
            QEventLoop loop;
            QObject::connect(window.verifyDock(), &kmw::VerifyDock::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
            if (!window.verifyModel(parser.value(verify).toInt()))
                return 3;
            loop.exec();
        }
        QApplication::processEvents();
        window.resize(1600, 1000);
        QApplication::processEvents();
        if (!window.grab().save(parser.value(shot))) {
            std::fprintf(stderr, "kmw: cannot write %s\n", qPrintable(parser.value(shot)));
            return 3;
        }
        return 0;
    }
    window.resize(1600, 1000);
    window.show();
    if (parser.isSet(open)) {
        window.waitForScan();
        if (parser.isSet(exitAfterPaint)) {
            // The first paint of the open file's page: the notebook view's viewport.
            app.installEventFilter(new FirstPaintProbe(window.notebookView(), &app));
        }
        window.openFile(parser.value(open));
        if (parser.isSet(smokeReport)) {
            const QString report = parser.value(smokeReport);
            QObject::connect(window.smokeDock(), &kmw::SmokeDock::finished, &app, [&window, report] {
                const kmw::SmokeRun &run = window.smokeDock()->lastRun();
                QString why;
                if (!kmw::writeFileAtomically(report, kmw::smokeJson(run.setup, run.result), &why))
                    std::fprintf(stderr, "kmw: cannot write %s: %s\n", qPrintable(report), qPrintable(why));
                QCoreApplication::quit();
            });
        }
        if (parser.isSet(smoke)) {
            if (parser.isSet(data))
                window.smokeDock()->setData(parser.value(data));
            window.smokeTrain(parser.value(smoke).toInt());
        }
        if (parser.isSet(runBoth))
            window.runBothSides();
        if (parser.isSet(verify))
            window.verifyModel(parser.value(verify).toInt());
    }
    return app.exec();
}

// kmw: the Keras Migration Workbench GUI.
// kmw [PATH] [--open FILE] [--screenshot OUT.png] [--lang fr]   (docs/DESIGN.md "GUI")

#include "MainWindow.h"
#include "SmokeDock.h"
#include "NotebookView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

int main(int argc, char *argv[])
{
    // --screenshot needs no display: render offscreen unless a platform was chosen.
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--screenshot") == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kmw"));
    QApplication::setOrganizationName(QStringLiteral("KerasMigrationWorkbench"));
    QApplication::setApplicationVersion(QStringLiteral(KMW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Keras Migration Workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
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
    parser.addOptions({open, shot, lang, smoke, data});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder to open."));
    parser.process(app);

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
        if (parser.isSet(open) && !window.openFile(parser.value(open)))
            return 3;
        if (parser.isSet(smoke)) {
            if (parser.isSet(data))
                window.smokeDock()->setData(parser.value(data));
            if (!window.smokeTrain(parser.value(smoke).toInt()))
                return 3;
            window.smokeDock()->waitForFinished();
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
        window.openFile(parser.value(open));
        if (parser.isSet(smoke)) {
            if (parser.isSet(data))
                window.smokeDock()->setData(parser.value(data));
            window.smokeTrain(parser.value(smoke).toInt());
        }
    }
    return app.exec();
}

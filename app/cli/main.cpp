// kmw-cli: the headless Keras Migration Workbench. Contract: docs/DESIGN.md "CLI".
// Exit codes: 0 done, 1 internal error, 2 usage error, 3 input error.

#include "CliCommands.h"

#include <QCoreApplication>

#include <cstdio>
#include <exception>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kmw-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KMW_VERSION));
    try {
        return kmw::cli::run(QCoreApplication::arguments());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "kmw-cli: internal error: %s\n", e.what());
        return kmw::cli::ExitInternal;
    }
}

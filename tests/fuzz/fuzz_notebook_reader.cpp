// libFuzzer harness for the notebook reader and writer (issue: notebook fidelity).
// For any input: reading never crashes; when it succeeds, an unchanged render is
// byte-identical, and a render with every cell's source changed reads back with
// exactly those sources. Build and run with tests/fuzz/run.sh.

#include "DocumentReader.h"
#include "NotebookWriter.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    kmw::Document doc;
    kmw::InputError error;
    if (!kmw::parseNotebook(bytes, QStringLiteral("fuzz.ipynb"), &doc, &error))
        return 0;
    if (kmw::renderDocument(doc, {}) != bytes)
        std::abort();
    QMap<int, QByteArray> changed;
    for (int i = 0; i < doc.cells.size(); ++i)
        changed.insert(i, "import os\n" + doc.cells[i].source + "\n\xc3\xa9\t\x1b");
    const QByteArray out = kmw::renderDocument(doc, changed, true);
    kmw::Document again;
    if (!kmw::parseNotebook(out, QStringLiteral("fuzz.ipynb"), &again, &error))
        std::abort();
    if (again.cells.size() != doc.cells.size())
        std::abort();
    for (int i = 0; i < doc.cells.size(); ++i)
        if (again.cells[i].source != changed.value(i))
            std::abort();
    return 0;
}

// libFuzzer harness for the notebook reader and writer (issue: notebook fidelity).
// For any input: reading never crashes; when it succeeds, an unchanged render is
// byte-identical, and a render with every cell's source changed reads back with
// exactly those sources. Build and run with tests/fuzz/run.sh.

#include "DocumentReader.h"
#include "FuzzAssert.h"
#include "NotebookWriter.h"

#include <cstdint>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    kmw::Document doc;
    kmw::InputError error;
    if (!kmw::parseNotebook(bytes, QStringLiteral("fuzz.ipynb"), &doc, &error))
        return 0;
    FUZZ_ASSERT_TRUE(kmw::renderDocument(doc, {}) == bytes);
    QMap<int, QByteArray> changed;
    for (int i = 0; i < doc.cells.size(); ++i)
        changed.insert(i, "import os\n" + doc.cells[i].source + "\n\xc3\xa9\t\x1b");
    const QByteArray out = kmw::renderDocument(doc, changed, true);
    kmw::Document again;
    FUZZ_ASSERT_TRUE(kmw::parseNotebook(out, QStringLiteral("fuzz.ipynb"), &again, &error));
    FUZZ_ASSERT_TRUE(again.cells.size() == doc.cells.size());
    for (int i = 0; i < doc.cells.size(); ++i)
        FUZZ_ASSERT_TRUE(again.cells[i].source == changed.value(i));
    return 0;
}

// Notebook and script reading and writing: sources, spans, style-keeping splices,
// clear errors. Fixtures are written by the tests themselves.

#include "AtomicFile.h"
#include "DocumentReader.h"
#include "ReviewStore.h"
#include "RunRecords.h"
#include "NotebookWriter.h"
#include "TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

namespace {

// nbformat's own style: indent 1, sorted keys, list-of-lines sources.
const QByteArray kIndent1 = R"json({
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Title \u00e9\n",
    "text"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "a1b2",
   "metadata": {"tags": ["x"]},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hi\n"]}],
   "source": [
    "from tensorflow.keras.layers import Dense\n",
    "opt = SGD(lr=0.1)\n",
    "print('é')"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": []
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
)json";

// Another tool's style: indent 2, one-string sources.
const QByteArray kIndent2String = R"json({
  "cells": [
    {
      "cell_type": "code",
      "metadata": {},
      "outputs": [],
      "execution_count": 1,
      "source": "import numpy as np\nx = np.ones(3)\n"
    }
  ],
  "metadata": {"kernelspec": {"name": "python3"}},
  "nbformat": 4,
  "nbformat_minor": 2
}
)json";

Document parse(const QByteArray &bytes)
{
    Document doc;
    InputError error;
    if (!parseNotebook(bytes, QStringLiteral("fixture.ipynb"), &doc, &error))
        qWarning() << error.toString();
    return doc;
}

} // namespace

class TestNotebook : public QObject {
    Q_OBJECT
private slots:
    void readsCellsAndSources()
    {
        const Document doc = parse(kIndent1);
        QCOMPARE(doc.cells.size(), 3);
        QCOMPARE(doc.nbformat, 4);
        QCOMPARE(doc.nbformatMinor, 5);
        QCOMPARE(doc.cells[0].type, CellType::Markdown);
        QCOMPARE(doc.cells[0].source, QByteArray("# Title \xc3\xa9\ntext"));
        QCOMPARE(doc.cells[1].source, QByteArray("from tensorflow.keras.layers import Dense\nopt = SGD(lr=0.1)\nprint('\xc3\xa9')"));
        QVERIFY(doc.cells[2].source.isEmpty());
        // The span covers exactly the JSON value of "source".
        const Cell &c = doc.cells[1];
        QVERIFY(kIndent1.mid(c.sourceBegin, c.sourceEnd - c.sourceBegin).startsWith("[\n    \"from"));
        QVERIFY(kIndent1.mid(c.sourceBegin, c.sourceEnd - c.sourceBegin).endsWith("]"));

        const Document one = parse(kIndent2String);
        QCOMPARE(one.cells.size(), 1);
        QCOMPARE(one.cells[0].source, QByteArray("import numpy as np\nx = np.ones(3)\n"));
    }

    void unchangedRenderIsByteIdentical()
    {
        for (const QByteArray &bytes : {kIndent1, kIndent2String}) {
            const Document doc = parse(bytes);
            QMap<int, QByteArray> same;
            for (int i = 0; i < doc.cells.size(); ++i)
                same.insert(i, doc.cells[i].source);
            QCOMPARE(renderDocument(doc, same), bytes);
        }
    }

    void changedLineIsTheOnlyDifference()
    {
        const Document doc = parse(kIndent1);
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        QByteArray expected = kIndent1;
        expected.replace("\"opt = SGD(lr=0.1)\\n\"", "\"opt = SGD(learning_rate=0.1)\\n\"");
        QCOMPARE(renderDocument(doc, {{1, source}}), expected);
    }

    void insertedLinesFollowTheListStyle()
    {
        const Document doc = parse(kIndent1);
        const QByteArray source = "import os\n" + doc.cells[1].source;
        QByteArray expected = kIndent1;
        expected.replace("    \"from tensorflow", "    \"import os\\n\",\n    \"from tensorflow");
        QCOMPARE(renderDocument(doc, {{1, source}}), expected);
    }

    void emptyListSourceGetsIndentedLines()
    {
        const Document doc = parse(kIndent1);
        const QByteArray out = renderDocument(doc, {{2, "a = 1\nb = 2"}});
        QVERIFY2(out.contains("   \"source\": [\n    \"a = 1\\n\",\n    \"b = 2\"\n   ]"), out.constData());
        QCOMPARE(parse(out).cells[2].source, QByteArray("a = 1\nb = 2"));
    }

    void oneStringSourceStaysOneString()
    {
        const Document doc = parse(kIndent2String);
        const QByteArray out = renderDocument(doc, {{0, "import os\nimport numpy as np\nx = np.ones(3)\n"}});
        QByteArray expected = kIndent2String;
        expected.replace("\"source\": \"import numpy", "\"source\": \"import os\\nimport numpy");
        QCOMPARE(out, expected);
    }

    void ensureAsciiFilesKeepEscapes()
    {
        QByteArray ascii = kIndent1;
        ascii.replace("print('\xc3\xa9')", "print('\\u00e9')");
        QVERIFY(usesEnsureAscii(ascii));
        QVERIFY(!usesEnsureAscii(kIndent1));
        const Document doc = parse(ascii);
        QVERIFY(doc.cells[1].source.endsWith("print('\xc3\xa9')"));
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        const QByteArray out = renderDocument(doc, {{1, source}});
        QVERIFY(out.contains("\"print('\\u00e9')\""));
        QVERIFY(!out.contains("\xc3\xa9"));
    }

    void jsonStringEncodingMatchesPython_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ascii");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("controls") << QByteArray("a\tb\n\x1b[0m\"\\") << false << QByteArray("\"a\\tb\\n\\u001b[0m\\\"\\\\\"");
        QTest::newRow("utf8 raw") << QByteArray("caf\xc3\xa9") << false << QByteArray("\"caf\xc3\xa9\"");
        QTest::newRow("utf8 ascii") << QByteArray("caf\xc3\xa9") << true << QByteArray("\"caf\\u00e9\"");
        QTest::newRow("astral ascii") << QByteArray("\xf0\x9f\x98\x80") << true << QByteArray("\"\\ud83d\\ude00\"");
        QTest::newRow("del") << QByteArray("\x7f") << true << QByteArray("\"\\u007f\"");
        QTest::newRow("slash kept") << QByteArray("a/b") << false << QByteArray("\"a/b\"");
    }
    void jsonStringEncodingMatchesPython()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ascii);
        QFETCH(QByteArray, json);
        QCOMPARE(encodeJsonString(text, ascii), json);
    }

    void splitLinesLikePython()
    {
        const QVector<QByteArray> lines = splitLinesKeepEnds("a\nb\r\nc\rd");
        QCOMPARE(lines, (QVector<QByteArray>{"a\n", "b\r\n", "c\r", "d"}));
        QCOMPARE(splitLinesKeepEnds("x\n"), QVector<QByteArray>{"x\n"});
        QVERIFY(splitLinesKeepEnds("").isEmpty());
    }

    void crlfNotebookKeepsCrlf()
    {
        QByteArray crlf = kIndent1;
        crlf.replace("\n", "\r\n");
        const Document doc = parse(crlf);
        QCOMPARE(doc.cells.size(), 3);
        const QByteArray out = renderDocument(doc, {{1, "import os\n" + doc.cells[1].source}});
        QVERIFY(out.contains("[\r\n    \"import os\\n\",\r\n    \"from"));
        QVERIFY(!out.contains("\n\n"));
    }

    void writeIsAtomicVerifiedAndSkipsUnchanged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
        QVERIFY(writeFile(path, kIndent1));
        Document doc;
        InputError error;
        QVERIFY(readDocument(path, &doc, &error));
        bool written = true;
        QVERIFY(writeDocument(doc, {}, {}, &error, &written));
        QVERIFY(!written);
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        WriteOptions options;
        options.backup = true;
        options.root = dir.path();
        QVERIFY2(writeDocument(doc, {{1, source}}, options, &error, &written), qPrintable(error.toString()));
        QVERIFY(written);
        QVERIFY(readFile(path).contains("learning_rate=0.1"));
        QCOMPARE(readFile(dir.filePath(QStringLiteral(".kmw/backup/nb.ipynb"))), kIndent1);
        const QString python = pythonWithNbformat();
        if (!python.isEmpty())
            QCOMPARE(nbformatErrors(python, {path}), QString());
    }

    void externalEditsAreNeverOverwritten()
    {
        // the notebook is also open in Jupyter: an autosave between the read and the write
        // (a hook in the writer changes the file at that moment, a same-size edit) keeps
        // the external edit, writes nothing and names the file
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
        QVERIFY(writeFile(path, kIndent1));
        Document doc;
        InputError error;
        QVERIFY(readDocument(path, &doc, &error));
        QByteArray external = kIndent1;
        const qsizetype at = external.indexOf("lr=");
        QVERIFY(at > 0);
        external[at] = 'L'; // same size, same length: an mtime/size check would miss it
        setBeforeReplaceHook([&](const QString &target) {
            if (target == path)
                writeFile(path, external);
        });
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        bool written = true;
        const bool ok = writeDocument(doc, {{1, source}}, {}, &error, &written);
        setBeforeReplaceHook({});
        QVERIFY(!ok);
        QVERIFY(!written);
        QCOMPARE(readFile(path), external);
        QVERIFY2(error.toString().contains(path) && error.toString().contains(QLatin1String("changed on disk")),
                 qPrintable(error.toString()));
        // read again, the change goes through and keeps the external edit
        QVERIFY(readDocument(path, &doc, &error));
        source = doc.cells[1].source;
        QVERIFY(source.contains("Lr="));
        source.replace("Lr=", "learning_rate=");
        QVERIFY2(writeDocument(doc, {{1, source}}, {}, &error, &written), qPrintable(error.toString()));
        QVERIFY(written);
    }

    void reviewFileChangedElsewhereIsMerged()
    {
        // two writers of .kmw/review.json (a second kmw, `kmw-cli apply`): each save keeps
        // the other's decisions, and its own win only where it decided since
        QTemporaryDir dir;
        ReviewStore mine(dir.path());
        InputError error;
        QVERIFY(mine.load(&error));
        const auto finding = [](const char *id) {
            Finding f;
            f.id = QString::fromLatin1(id);
            f.ruleId = QStringLiteral("r");
            return f;
        };
        mine.set(QStringLiteral("a.py"), finding("shared"), Decision{DecisionStatus::Accepted, 0});
        QVERIFY2(mine.save(&error), qPrintable(error.toString()));
        ReviewStore theirs(dir.path());
        QVERIFY(theirs.load(&error));
        theirs.set(QStringLiteral("a.py"), finding("theirs"), Decision{DecisionStatus::Accepted, 0});
        theirs.set(QStringLiteral("a.py"), finding("shared"), Decision{DecisionStatus::Rejected, 0});
        QVERIFY2(theirs.save(&error), qPrintable(error.toString()));
        mine.set(QStringLiteral("b.py"), finding("mine"), Decision{DecisionStatus::Rejected, 0});
        QVERIFY2(mine.save(&error), qPrintable(error.toString()));
        ReviewStore disk(dir.path());
        QVERIFY(disk.load(&error));
        QVERIFY(disk.find(QStringLiteral("theirs")) && disk.find(QStringLiteral("mine")));
        QCOMPARE(disk.find(QStringLiteral("shared"))->status, DecisionStatus::Rejected); // theirs, decided later
        QVERIFY(mine.find(QStringLiteral("theirs"))); // the store holds the merge
        QVERIFY(!QFile::exists(mine.filePath() + QStringLiteral(".lock")));

        // a write between the merge and the replace (the hook) is not overwritten either
        mine.set(QStringLiteral("b.py"), finding("late"), Decision{DecisionStatus::Accepted, 0});
        setBeforeReplaceHook([&](const QString &path) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{\"version\": 1, \"decisions\": []}\n");
        });
        const bool saved = mine.save(&error);
        setBeforeReplaceHook({});
        QVERIFY(!saved);
        QVERIFY2(error.toString().contains(QLatin1String("changed on disk")) && error.toString().contains(mine.filePath()),
                 qPrintable(error.toString()));
        QCOMPARE(readFile(mine.filePath()), QByteArray("{\"version\": 1, \"decisions\": []}\n"));
        QVERIFY2(mine.save(&error), qPrintable(error.toString())); // the next save merges with it
        QVERIFY(disk.load(&error) && disk.find(QStringLiteral("late")));

        // what is on disk is no review file now: not replaced
        writeFile(mine.filePath(), "not json");
        mine.set(QStringLiteral("b.py"), finding("later"), Decision{DecisionStatus::Accepted, 0});
        QVERIFY(!mine.save(&error));
        QVERIFY2(error.toString().contains(QLatin1String("not a review file")), qPrintable(error.toString()));
        QCOMPARE(readFile(mine.filePath()), QByteArray("not json"));
    }

    void runRecordsAreMergedAndNeverReplaceAnUnreadableFile()
    {
        // .kmw/smoke.json, run.json: each write changes only its file's record, merged with
        // what another program wrote since; a file that is not JSON is left alone
        QTemporaryDir dir;
        QString why;
        QVERIFY2(writeRunRecord(dir.path(), QStringLiteral("smoke.json"), QStringLiteral("a.ipynb"), {{QStringLiteral("n"), 1}}, &why),
                 qPrintable(why));
        setBeforeReplaceHook([&](const QString &path) { // a writer that takes no lock
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{\"version\": 1, \"runs\": {\"a.ipynb\": {\"n\": 1}, \"c.ipynb\": {\"n\": 3}}}\n");
        });
        const bool raced = writeRunRecord(dir.path(), QStringLiteral("smoke.json"), QStringLiteral("b.ipynb"), {{QStringLiteral("n"), 2}}, &why);
        setBeforeReplaceHook({});
        QVERIFY(!raced); // another write came in between: nothing of it is lost
        QVERIFY2(why.contains(QLatin1String("changed on disk")), qPrintable(why));
        QVERIFY2(writeRunRecord(dir.path(), QStringLiteral("smoke.json"), QStringLiteral("b.ipynb"), {{QStringLiteral("n"), 2}}, &why),
                 qPrintable(why));
        const QJsonObject runs = readRunRecords(dir.path(), QStringLiteral("smoke.json"));
        QCOMPARE(runs.keys(), (QStringList{QStringLiteral("a.ipynb"), QStringLiteral("b.ipynb"), QStringLiteral("c.ipynb")}));
        const QString path = QDir(dir.path()).filePath(QStringLiteral(".kmw/smoke.json"));
        writeFile(path, "{ broken");
        QVERIFY(!writeRunRecord(dir.path(), QStringLiteral("smoke.json"), QStringLiteral("a.ipynb"), {}, &why));
        QVERIFY2(why.contains(path) && why.contains(QLatin1String("not valid JSON")), qPrintable(why));
        QCOMPARE(readFile(path), QByteArray("{ broken"));
    }

    void clearChangedOutputsResetsOnlyChangedCells()
    {
        const Document doc = parse(kIndent1);
        QVERIFY(doc.cells[1].hasOutputs);
        QVERIFY(!doc.cells[2].hasOutputs);
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        const QByteArray kept = renderDocument(doc, {{1, source}});
        QVERIFY(kept.contains("\"execution_count\": 3"));
        QVERIFY(kept.contains("\"text\": [\"hi\\n\"]"));
        QByteArray expected = kept;
        expected.replace("\"execution_count\": 3", "\"execution_count\": null");
        expected.replace("[{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"hi\\n\"]}]", "[]");
        QCOMPARE(renderDocument(doc, {{1, source}}, true), expected);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
        QVERIFY(writeFile(path, kIndent1));
        Document onDisk;
        InputError error;
        QVERIFY(readDocument(path, &onDisk, &error));
        WriteOptions options;
        options.root = dir.path();
        options.clearChangedOutputs = true;
        QVERIFY2(writeDocument(onDisk, {{1, source}}, options, &error), qPrintable(error.toString()));
        QCOMPARE(readFile(path), expected);
    }

    void symlinksOutOfTheRepositoryAreNotWritten()
    {
        QTemporaryDir outside, repo;
        const QString real = outside.filePath(QStringLiteral("real.ipynb"));
        QVERIFY(writeFile(real, kIndent1));
        const QString link = repo.filePath(QStringLiteral("link.ipynb"));
        QVERIFY(QFile::link(real, link));
        Document doc;
        InputError error;
        QVERIFY(readDocument(link, &doc, &error)); // read: yes
        QByteArray source = doc.cells[1].source;
        source.replace("lr=", "learning_rate=");
        WriteOptions options;
        options.root = repo.path();
        bool written = true;
        QVERIFY(!writeDocument(doc, {{1, source}}, options, &error, &written));
        QVERIFY(!written);
        QVERIFY2(error.message.contains(QStringLiteral("outside the repository")), qPrintable(error.toString()));
        QCOMPARE(readFile(real), kIndent1);
        QVERIFY(QFileInfo(link).isSymLink());

        // A symlink inside the repository to a file inside it: the target is written
        // and the link stays a link.
        const QString inside = repo.filePath(QStringLiteral("real.ipynb"));
        QVERIFY(writeFile(inside, kIndent1));
        const QString innerLink = repo.filePath(QStringLiteral("inner.ipynb"));
        QVERIFY(QFile::link(inside, innerLink));
        QVERIFY(readDocument(innerLink, &doc, &error));
        QVERIFY2(writeDocument(doc, {{1, source}}, options, &error, &written), qPrintable(error.toString()));
        QVERIFY(QFileInfo(innerLink).isSymLink());
        QVERIFY(readFile(inside).contains("learning_rate=0.1"));
    }

    void scriptsKeepBomAndLineEndings()
    {
        const QByteArray bytes = "\xEF\xBB\xBFimport os\r\nx = 1\r\n";
        Document doc;
        InputError error;
        QVERIFY(parseScript(bytes, QStringLiteral("s.py"), &doc, &error));
        QCOMPARE(doc.bom, QByteArray("\xEF\xBB\xBF"));
        QCOMPARE(doc.cells[0].source, QByteArray("import os\r\nx = 1\r\n"));
        QCOMPARE(renderDocument(doc, {{0, doc.cells[0].source + "y = 2\r\n"}}),
                 QByteArray("\xEF\xBB\xBFimport os\r\nx = 1\r\ny = 2\r\n"));
    }

    void malformedInputGivesClearErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected"); // part of the message
        QTest::addColumn<int>("line");
        QTest::newRow("empty") << "e.ipynb" << QByteArray("") << "empty file" << 1;
        QTest::newRow("truncated") << "t.ipynb" << QByteArray("{\n \"cells\": [\n  {\"cell_type\": \"code\",") << "not valid JSON" << 3;
        QTest::newRow("nbformat 3") << "v3.ipynb" << QByteArray(R"json({"nbformat": 3, "nbformat_minor": 0, "worksheets": []})json") << "nbconvert --to notebook --nbformat 4" << 0;
        QTest::newRow("cells not a list") << "c.ipynb" << QByteArray("{\"nbformat\": 4, \"nbformat_minor\": 4,\n \"cells\": {}}") << "\"cells\" is missing or not a list" << 2;
        QTest::newRow("cell not an object") << "o.ipynb" << QByteArray("{\"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\": \"code\", \"source\": []},\n  7]}") << "cell 1 is not an object" << 4;
        QTest::newRow("unknown cell type") << "k.ipynb" << QByteArray("{\"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\": \"table\", \"source\": []}]}") << "unknown cell_type \"table\"" << 3;
        QTest::newRow("source a number") << "s.ipynb" << QByteArray("{\"nbformat\": 4, \"nbformat_minor\": 4,\n \"cells\": [{\"cell_type\": \"code\", \"source\": 12}]}") << "must be a string or a list" << 2;
        QTest::newRow("not an object") << "a.ipynb" << QByteArray("[1, 2]") << "not a notebook" << 0;
        QTest::newRow("invalid utf8 json") << "u.ipynb" << QByteArray("{\"nbformat\": 4, \"cells\": [\"\xff\"]}") << "not valid JSON" << 1;
        QTest::newRow("binary") << "b.ipynb" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << "not valid JSON" << 1;
        QTest::newRow("null byte py") << "n.py" << QByteArray("x = 1\n\0y", 8) << "null byte" << 2;
        QTest::newRow("invalid utf8 py") << "i.py" << QByteArray("x = 1\ny = '\xff'\n") << "invalid UTF-8" << 2;
    }
    void malformedInputGivesClearErrors()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QFETCH(int, line);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        QVERIFY(writeFile(path, bytes));
        Document doc;
        InputError error;
        QVERIFY(!readDocument(path, &doc, &error));
        QVERIFY2(error.message.contains(expected), qPrintable(error.toString()));
        QVERIFY(error.toString().contains(name));
        if (line > 0)
            QCOMPARE(error.line, line);
        QCOMPARE(readFile(path), bytes); // untouched
    }

    void malformedOutputsDoNotStopReading()
    {
        // Found by the fuzzer: an output whose output_type is not a string.
        QByteArray bytes = kIndent1;
        bytes.replace("\"output_type\": \"stream\"", "\"output_type\": [\"x\"], \"ename\": 3");
        const Document doc = parse(bytes);
        QCOMPARE(doc.cells.size(), 3);
        QCOMPARE(doc.cells[1].outputs.size(), 1);
        QVERIFY(doc.cells[1].outputs[0].type.isEmpty());
        QCOMPARE(doc.cells[1].outputs[0].text, QStringLiteral("hi\n"));
        QCOMPARE(renderDocument(doc, {}), bytes);
    }

    void directoryNamedLikeANotebookIsAnError()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("x.ipynb")));
        Document doc;
        InputError error;
        QVERIFY(!readDocument(dir.filePath(QStringLiteral("x.ipynb")), &doc, &error));
        QVERIFY(error.message.contains(QStringLiteral("directory")));
    }
};

QTEST_GUILESS_MAIN(TestNotebook)
#include "tst_notebook.moc"

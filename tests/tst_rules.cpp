// The rule engine and the keras3-torch pack: every rule's examples, predicates, magic
// masking, notebook-wide rules, conflicts, the parse guard and rule-file errors.

#include "DocumentReader.h"
#include "FileReview.h"
#include "ImportTable.h"
#include "KerasApi.h"
#include "RepositoryScanner.h"
#include "FixApplier.h"
#include "MagicMask.h"
#include "RuleEngine.h"
#include "RuleExamples.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include "AtomicFile.h"

#include <QtTest>

#include <functional>

using namespace kmw;
using namespace kmw::test;

namespace {

RuleEngine builtinEngine()
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    const bool ok = loadRulePacks({}, &packs, &errors);
    if (!ok || !errors.isEmpty())
        qWarning() << "rule errors:" << (errors.isEmpty() ? QString() : errors.first().toString());
    return RuleEngine(packs);
}

Document script(const QByteArray &text)
{
    Document doc;
    InputError error;
    parseScript(text, QStringLiteral("t.py"), &doc, &error);
    return doc;
}

Document notebook(const QList<QPair<QString, QByteArray>> &cells)
{
    QByteArray json = "{\"cells\": [";
    for (int i = 0; i < cells.size(); ++i) {
        json += i ? "," : "";
        json += "{\"cell_type\": \"" + cells[i].first.toUtf8() + "\", \"metadata\": {}, \"source\": " +
                QByteArray("\"") + QByteArray(cells[i].second).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        if (cells[i].first == QLatin1String("code"))
            json += ", \"outputs\": [], \"execution_count\": null";
        json += "}";
    }
    json += "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n";
    Document doc;
    InputError error;
    if (!parseNotebook(json, QStringLiteral("n.ipynb"), &doc, &error))
        qWarning() << error.toString();
    return doc;
}

QStringList ruleIds(const QVector<Finding> &findings)
{
    QStringList ids;
    for (const Finding &f : findings)
        ids << f.ruleId;
    return ids;
}

} // namespace

// Plain string literals: moc misreads raw strings.
const QByteArray kBrokenPack =
    "{\n"
    "  \"pack\": \"bad\",\n"
    "  \"rules\": [\n"
    "    {\n"
    "      \"id\": \"broken\",\n"
    "      \"severity\": \"low\",\n"
    "      \"category\": \"imports\",\n"
    "      \"message\": \"m\",\n"
    "      \"query\": \"(call function: (identifier) @f\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"unknown-node\",\n"
    "      \"severity\": \"low\",\n"
    "      \"category\": \"imports\",\n"
    "      \"message\": \"m\",\n"
    "      \"query\": \"(no_such_node) @x\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"good\",\n"
    "      \"severity\": \"low\",\n"
    "      \"category\": \"imports\",\n"
    "      \"message\": \"m\",\n"
    "      \"query\": \"((identifier) @x (#eq? @x \\\"foo\\\"))\"\n"
    "    }\n"
    "  ]\n"
    "}\n"
    "";
const QByteArray kPredicateQuery =
    "((identifier) @x (#any-of? @x \"a\" \"b\")) ((identifier) @y (#not-match? @y \"^[a-c]$\") (#not-eq? @y \"zz\"))";
const QByteArray kUnknownPredicateQuery =
    "((identifier) @x (#frobnicate? @x \"a\"))";

class TestRules : public QObject {
    Q_OBJECT
private slots:
    /// What users read or get in their files names public material, never the project's
    /// internal documents ("seed 001", "the catalog"); every rule's source is a URL.
    /// The French catalogue of rule texts (titles, messages, guidance) is at least 95 %
    /// finished.
    void frenchRuleCatalogueIsFinished()
    {
        const QString ts = QString::fromUtf8(readFile(QStringLiteral(KMW_SOURCE_DIR "/translations/kmw_rules_fr.ts")));
        const int total = int(ts.count(QStringLiteral("<message")));
        const int unfinished = int(ts.count(QStringLiteral("type=\"unfinished\"")));
        QVERIFY(total > 300);
        QVERIFY2(unfinished * 20 <= total, qPrintable(QStringLiteral("%1 of %2 rule texts untranslated").arg(unfinished).arg(total)));
    }

    void userTextCitesPublicSources()
    {
        static const QRegularExpression internal(QStringLiteral("\\bseeds? *0\\d\\d\\b|\\bseed ?0\\d|\\bcatalog(ue)?\\b|§"),
                                                 QRegularExpression::CaseInsensitiveOption);
        // rule packs: every text but the tree-sitter query
        for (const QString &pack : {QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}) {
            const QJsonArray rules = QJsonDocument::fromJson(readFile(QStringLiteral(KMW_SOURCE_DIR "/rules/%1.json").arg(pack)))
                                         .object().value(QStringLiteral("rules")).toArray();
            QVERIFY(rules.size() > 10);
            std::function<void(const QJsonValue &, const QString &)> visit = [&](const QJsonValue &v, const QString &where) {
                if (v.isString())
                    QVERIFY2(!internal.match(v.toString()).hasMatch(), qPrintable(where + QStringLiteral(": ") + v.toString()));
                else if (v.isArray())
                    for (const QJsonValue &e : v.toArray())
                        visit(e, where);
                else if (v.isObject()) {
                    const QJsonObject o = v.toObject();
                    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                        if (it.key() != QLatin1String("query"))
                            visit(it.value(), where + QLatin1Char('.') + it.key());
                }
            };
            for (const QJsonValue &r : rules) {
                const QJsonObject rule = r.toObject();
                const QString id = pack + QLatin1Char('/') + rule.value(QStringLiteral("id")).toString();
                visit(rule, id);
                QVERIFY2(rule.value(QStringLiteral("source")).toString().contains(QStringLiteral("https://")), qPrintable(id));
            }
        }
        // the interface's strings
        for (const char *ts : {"kmw_fr.ts", "kmw_rules_fr.ts"}) {
            const QString text = QString::fromUtf8(readFile(QStringLiteral(KMW_SOURCE_DIR "/translations/") + QLatin1String(ts)));
            QVERIFY(!text.isEmpty());
            static const QRegularExpression source(QStringLiteral("<source>(.*?)</source>"), QRegularExpression::DotMatchesEverythingOption);
            for (auto it = source.globalMatch(text); it.hasNext();) {
                const QString s = it.next().captured(1);
                QVERIFY2(!internal.match(s).hasMatch(), qPrintable(QLatin1String(ts) + QStringLiteral(": ") + s));
            }
        }
        // what both targets write into the demo repository's files
        for (const QString &pack : {QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}) {
            QTemporaryDir dir;
            const QString root = dir.filePath(QStringLiteral("repo"));
            QVERIFY(copyTree(QStringLiteral(KMW_SOURCE_DIR "/resources/demo-repo"), root));
            QVector<RulePack> packs;
            QVector<InputError> errors;
            QVERIFY(loadRulePacks({pack}, &packs, &errors));
            const RuleEngine engine(packs);
            const ApplySummary applied = applyAll(scanRepository(root, engine), engine, ApplyOptions());
            QVERIFY(applied.fixesApplied > 5);
            for (const QString &file : QDir(root).entryList(QDir::Files)) {
                const QString text = QString::fromUtf8(readFile(QDir(root).filePath(file)));
                const QRegularExpressionMatch m = internal.match(text);
                QVERIFY2(!m.hasMatch(), qPrintable(QStringLiteral("%1 (%2): …%3…").arg(file, pack, text.mid(std::max<qsizetype>(0, m.capturedStart() - 80), 160))));
            }
        }
    }
    void builtinPackLoadsWithoutErrors()
    {
        QVector<RulePack> packs;
        QVector<InputError> errors;
        QVERIFY(loadRulePacks({}, &packs, &errors));
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().toString()));
        QCOMPARE(packs.size(), 1);
        QCOMPARE(packs.first().name, QStringLiteral("keras3-torch"));
        QVERIFY(packs.first().rules.size() >= 30);
        QSet<QString> ids;
        for (const Rule &r : packs.first().rules) {
            const bool beforeAfter = std::any_of(r.examples.cbegin(), r.examples.cend(), [](const RuleExample &e) { return !e.noMatch; });
            const bool noMatch = std::any_of(r.examples.cbegin(), r.examples.cend(), [](const RuleExample &e) { return e.noMatch; });
            QVERIFY2(beforeAfter && noMatch, qPrintable(r.id + QStringLiteral(": needs a before/after and a no_match example")));
            QVERIFY2(!r.message.isEmpty() && !r.category.isEmpty(), qPrintable(r.id));
            QVERIFY2(!r.fixes.isEmpty() || !r.guidance.isEmpty() || r.severity == Severity::Info,
                     qPrintable(r.id + QStringLiteral(": a finding no fix can make needs guidance")));
            QVERIFY2(!ids.contains(r.id), qPrintable(r.id));
            ids.insert(r.id);
        }
    }

    void everyRuleExamplePasses_data()
    {
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("detail");
        const RuleEngine engine = builtinEngine();
        for (const RuleExampleResult &r : runRuleExamples(engine))
            QTest::newRow(qPrintable(QStringLiteral("%1 #%2").arg(r.ruleId).arg(r.index))) << r.passed << r.detail;
    }
    void everyRuleExamplePasses()
    {
        QFETCH(bool, passed);
        QFETCH(QString, detail);
        QVERIFY2(passed, qPrintable(detail));
    }

    void magicsAreMaskedWithEqualLength_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QByteArray>("masked");
        QTest::newRow("line magic") << QByteArray("%matplotlib inline\nx = 1") << QByteArray("                  \nx = 1");
        QTest::newRow("shell") << QByteArray("  !rm -rf logs\nx") << QByteArray("              \nx");
        QTest::newRow("help") << QByteArray("optimizers.SGD?\n") << QByteArray("optimizers.SGD \n");
        QTest::newRow("help2") << QByteArray("model.fit??") << QByteArray("model.fit  ");
        QTest::newRow("assign shell") << QByteArray("files = !ls *.csv\n") << QByteArray("files =          \n");
        QTest::newRow("cell magic") << QByteArray("%%bash\nls -l\n") << QByteArray("      \n     \n");
        QTest::newRow("python cell magic") << QByteArray("%%time\nx = 1\n") << QByteArray("      \nx = 1\n");
        QTest::newRow("comment kept") << QByteArray("# what? \nx != y") << QByteArray("# what? \nx != y");
        QTest::newRow("continuation") << QByteArray("!pip install \\\n  keras\nx") << QByteArray("              \n       \nx");
        QTest::newRow("utf8") << QByteArray("!echo \xc3\xa9\n") << QByteArray("        \n");
        QTest::newRow("comparison") << QByteArray("a = b != c\n") << QByteArray("a = b != c\n");
    }
    void magicsAreMaskedWithEqualLength()
    {
        QFETCH(QByteArray, source);
        QFETCH(QByteArray, masked);
        const QByteArray out = maskIPythonMagics(source);
        QCOMPARE(out.size(), source.size());
        QCOMPARE(out, masked);
    }

    void magicsDoNotHideFindings()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = notebook({{QStringLiteral("code"), "%load_ext tensorboard\n!ls\nfrom tensorflow.keras import optimizers\noptimizers.SGD?"}});
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("n.ipynb"));
        QCOMPARE(ruleIds(findings), (QStringList{QStringLiteral("backend-preamble"), QStringLiteral("tf-keras-from-import")}));
        QCOMPARE(findings[1].range.startLine, 3);
        QCOMPARE(findings[1].range.startColumn, 1);
        QCOMPARE(findings[1].range.endColumn, 40);
    }

    void preambleOncePerNotebookInFirstCodeCell()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = notebook({{QStringLiteral("markdown"), "# Title"},
                                       {QStringLiteral("code"), "import numpy as np"},
                                       {QStringLiteral("code"), "from tensorflow.keras.layers import Dense"},
                                       {QStringLiteral("code"), "from tensorflow.keras.models import Model"}});
        QVector<Finding> findings = engine.scan(doc, QStringLiteral("n.ipynb"));
        QCOMPARE(ruleIds(findings).count(QStringLiteral("backend-preamble")), 1);
        const Finding &pre = findings.first();
        QCOMPARE(pre.ruleId, QStringLiteral("backend-preamble"));
        QCOMPARE(pre.cell, 1);
        QVector<AcceptedFix> all;
        for (const Finding &f : findings)
            all << AcceptedFix{f, 0};
        const ApplyResult result = applyFixes(doc, all);
        QCOMPARE(result.newSources.value(1), QByteArray("import os\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\nimport numpy as np"));
        QCOMPARE(result.newSources.value(2), QByteArray("from keras.layers import Dense"));
        QVERIFY(result.skipped.isEmpty());

        // A notebook without Keras is never touched.
        const Document plain = notebook({{QStringLiteral("code"), "import tensorflow as tf\nx = tf.reduce_sum(tf.ones(3))"}});
        QVERIFY(engine.scan(plain, QStringLiteral("p.ipynb")).isEmpty());
    }

    void preambleKeepsCrlf()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = script("import keras\r\nx = 1\r\n");
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("t.py"));
        QCOMPARE(findings.size(), 1);
        const ApplyResult result = applyFixes(doc, {AcceptedFix{findings.first(), 0}});
        QCOMPARE(result.newSources.value(0), QByteArray("import os\r\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\r\nimport keras\r\nx = 1\r\n"));
    }

    void insertionWhereADeletionStarts()
    {
        // An ensured import goes at offset 0 while another fix deletes the first line
        // (an unused import): both apply, in either order of acceptance, and nothing of
        // the file is copied twice (regression: the splice went back and duplicated it).
        const Document doc = script("import a\nx = 1\n");
        Finding del;
        del.id = QStringLiteral("del");
        del.fixes << Fix{QStringLiteral("delete"), {TextEdit{0, 0, 9, QByteArray()}}, false};
        Finding ins;
        ins.id = QStringLiteral("ins");
        ins.fixes << Fix{QStringLiteral("insert"), {TextEdit{0, 0, 0, "import torch\n", true}}, false};
        for (const auto &order : {QVector<AcceptedFix>{{del, 0}, {ins, 0}}, QVector<AcceptedFix>{{ins, 0}, {del, 0}}}) {
            const ApplyResult result = applyFixes(doc, order);
            QCOMPARE(result.applied.size(), 2);
            QCOMPARE(result.newSources.value(0), QByteArray("import torch\nx = 1\n"));
        }
    }

    void overlappingFixesAreAConflict()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = script("from tensorflow.keras.layers import Dense\n");
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("t.py"));
        const Finding *imp = nullptr;
        for (const Finding &f : findings)
            if (f.ruleId == QLatin1String("tf-keras-from-import"))
                imp = &f;
        QVERIFY(imp);
        Finding other = *imp;
        other.id = QStringLiteral("other");
        other.fixes[0].edits[0].text = "something.else";
        const ApplyResult result = applyFixes(doc, {AcceptedFix{*imp, 0}, AcceptedFix{other, 0}});
        QCOMPARE(result.applied, QStringList{imp->id});
        QCOMPARE(result.skipped.size(), 1);
        QCOMPARE(result.skipped.first().findingId, QStringLiteral("other"));
        QCOMPARE(result.skipped.first().conflictsWith, imp->id);
        QCOMPARE(result.newSources.value(0), QByteArray("from keras.layers import Dense\n"));
    }

    void parseGuardRefusesBrokenResults()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = script("from keras.optimizers import Adam\nopt = Adam(lr=0.1)\n");
        QVector<Finding> findings = engine.scan(doc, QStringLiteral("t.py"));
        findings.erase(std::remove_if(findings.begin(), findings.end(),
                                      [](const Finding &f) { return f.ruleId != QLatin1String("optimizer-lr"); }),
                       findings.end());
        QCOMPARE(findings.size(), 1);
        findings[0].fixes[0].edits[0].text = "learning_rate=(";
        const ApplyResult result = applyFixes(doc, {AcceptedFix{findings[0], 0}});
        QVERIFY(result.newSources.isEmpty());
        QCOMPARE(result.skipped.size(), 1);
        QVERIFY(result.skipped.first().reason.contains(QStringLiteral("parse")));
    }

    void parseGuardRefusesWhatCPythonRefuses()
    {
        // Code tree-sitter takes but CPython's compile() refuses (each checked with
        // python3 -c "compile(open(f).read(), f, 'exec')"): a line inserted at column 0
        // in a function body, a statement indented unlike its block, return, yield,
        // break and continue where they cannot be.
        PythonParser parser;
        const QList<QByteArray> refused{
            "def build():\n    model = 1\nprint(f\"Total params {model}\")\n    return model\n",
            "def build():\n    model = 1\nprint(model)\nreturn model\n",
            "def build():\n    if True:\n        a = 1\n      b = 2\n    return a\n",
            "for i in range(3):\n    pass\nbreak\n",
            "while True:\n    def f():\n        continue\n",
            "x = 1\nyield x\n",
            "class A:\n    return 1\n",
        };
        for (const QByteArray &code : refused)
            QVERIFY2(parser.syntaxErrorCount(code) > 0, code.constData());
        const QList<QByteArray> fine{
            "def build():\n    model = 1\n    print(model)  # shown\n    return model\n",
            "for i in range(3):\n    if i:\n        break\n    continue\n",
            "def gen():\n    yield 1\nif True: x = 1\nvalues = [\n  1,\n      2]\n",
            "def f():\n    s = \"\"\"\ntext at column 0\n\"\"\"\n    return s\n",
        };
        for (const QByteArray &code : fine)
            QCOMPARE(parser.syntaxErrorCount(code), 0);
    }

    void brokenCodeIsReportedButNotRewritten()
    {
        const RuleEngine engine = builtinEngine();
        // The import parses; the tuple below it is never closed, so tree-sitter wraps
        // the optimizer call in an ERROR node.
        const Document doc = script("from tensorflow.keras import layers\nx = (1,\nopt = SGD(lr=0.1)\n");
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("t.py"));
        QStringList fixable, manual;
        for (const Finding &f : findings)
            (f.fixable() ? fixable : manual) << f.ruleId;
        QVERIFY2(fixable.contains(QStringLiteral("tf-keras-from-import")), qPrintable(fixable.join(QLatin1Char(','))));
        for (const Finding &f : findings)
            if (!f.fixable())
                QVERIFY(f.guidance.contains(QStringLiteral("does not parse")));
        QVector<AcceptedFix> all;
        for (const Finding &f : findings)
            if (f.fixable())
                all << AcceptedFix{f, 0};
        const ApplyResult result = applyFixes(doc, all);
        QVERIFY(result.newSources.value(0).contains("\nfrom keras import layers\n"));
        QVERIFY(manual.contains(QStringLiteral("optimizer-lr"))); // inside the broken call
        QVERIFY(result.newSources.value(0).endsWith("x = (1,\nopt = SGD(lr=0.1)\n")); // the broken part stays
        PythonParser parser;
        QCOMPARE(parser.syntaxErrorCount(result.newSources.value(0)), parser.syntaxErrorCount(doc.cells[0].source));
    }

    void notebookIsOneNamespace()
    {
        const RuleEngine engine = builtinEngine();
        // The backend alias is imported in cell 0 and used in cell 2.
        const Document doc = notebook({{QStringLiteral("code"), "from keras import backend as K"},
                                       {QStringLiteral("markdown"), "Some text"},
                                       {QStringLiteral("code"), "y = K.exp(x)"}});
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("n.ipynb"));
        const auto it = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.ruleId == QLatin1String("backend-ops"); });
        QVERIFY(it != findings.cend());
        QCOMPARE(it->cell, 2);
        QCOMPARE(replacementText(*it, doc.cells[2].source), QByteArray("keras.ops.exp"));
        // The ensured `import keras` goes to the first code cell, after the preamble.
        QVector<AcceptedFix> all;
        for (const Finding &f : findings)
            if (f.fixable())
                all << AcceptedFix{f, f.autoFixIndex()};
        const ApplyResult result = applyFixes(doc, all);
        QCOMPARE(result.newSources.value(0), QByteArray("import os\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\nimport keras\nfrom keras import backend as K"));
        QCOMPARE(result.newSources.value(2), QByteArray("y = keras.ops.exp(x)"));
    }

    void reboundNamesAreNotResolved()
    {
        const RuleEngine engine = builtinEngine();
        // `image` is imported from Keras, then reassigned: image.shape is not Keras's.
        const Document doc = script("from keras.preprocessing import image\nimage = load(path)\nprint(image.shape)\n");
        for (const Finding &f : engine.scan(doc, QStringLiteral("t.py")))
            QVERIFY2(f.ruleId != QLatin1String("keras3-missing-attribute"), qPrintable(f.message));
        ImportTable table;
        PythonParser parser;
        const QByteArray text = "import tensorflow as tf\nfrom keras import backend as K\ndef f(np):\n    return np\n";
        const TreePtr tree = parser.parse(text);
        table.addImports(ts_tree_root_node(tree.get()), text);
        table.addRebindings(ts_tree_root_node(tree.get()), text);
        QCOMPARE(table.resolve("tf.keras.layers.Dense"), QStringLiteral("tensorflow.keras.layers.Dense"));
        QCOMPARE(table.resolve("K . exp"), QStringLiteral("keras.backend.exp"));
        QCOMPARE(table.resolve("np.zeros"), QStringLiteral("np.zeros"));
    }

    void renamesNeverProduceMissingNamesSilently()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = script("from tensorflow.keras.preprocessing.image import ImageDataGenerator, load_img\n");
        QStringList rules;
        for (const Finding &f : engine.scan(doc, QStringLiteral("t.py")))
            rules << f.ruleId + QLatin1Char(':') + f.message;
        QVERIFY2(rules.filter(QStringLiteral("tf-keras-from-import")).size() == 1, qPrintable(rules.join(QLatin1Char('\n'))));
        const QStringList missing = rules.filter(QStringLiteral("keras3-missing-name"));
        QCOMPARE(missing.size(), 1); // ImageDataGenerator; load_img exists in Keras 3
        QVERIFY(missing.first().contains(QStringLiteral("keras.preprocessing.image.ImageDataGenerator")));
        QCOMPARE(KerasApi::instance().status(QStringLiteral("tensorflow.keras.layers.Dense")), KerasApi::Status::Present);
        QCOMPARE(KerasApi::instance().status(QStringLiteral("keras.layers.merge")), KerasApi::Status::Missing);
        QCOMPARE(KerasApi::instance().status(QStringLiteral("keras.layers.merge.Concatenate")), KerasApi::Status::Unknown);
        QCOMPARE(KerasApi::instance().status(QStringLiteral("numpy.zeros")), KerasApi::Status::Unknown);
    }

    void applyRunsToAFixedPoint()
    {
        QVector<RulePack> packs;
        QVector<InputError> errors;
        QVERIFY(loadRulePacks({}, &packs, &errors));
        const RuleEngine engine(packs);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("m.py")),
                          "from keras.layers import Input, merge, Dense\nfrom keras.optimizers import SGD\nz = merge([a, b], mode='concat')\nopt = SGD(decay=1e-6, lr=0.01)\n"));
        const ScanResult scan = scanRepository(dir.path(), engine);
        const ApplySummary summary = applyAll(scan, engine, {});
        QCOMPARE(summary.filesChanged, 1);
        // Round 1 rewrites merge and adds the Concatenate import; round 2 removes the
        // now unused `merge` import (a name Keras 3 lacks).
        QCOMPARE(readFile(dir.filePath(QStringLiteral("m.py"))),
                 QByteArray("import os\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\nfrom keras.layers import Concatenate\nimport keras\n"
                            "from keras.layers import Input, Dense\nfrom keras.optimizers import SGD\nz = Concatenate()([a, b])\n"
                            "opt = SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6))\n"));
    }

    // Issue 20: a rule about a Keras call fires only on Keras. A tree of scikit-learn,
    // XGBoost, LightGBM, pandas and PyTorch code whose calls look like Keras 2's
    // (subsample=, init=, lr=, predict_proba, save('….h5')) is left alone by both packs.
    void nonKerasCodeIsLeftAlone()
    {
        for (const QString &pack : {QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}) {
            QTemporaryDir dir;
            const QString root = dir.filePath(QStringLiteral("repo"));
            QVERIFY(copyTree(QStringLiteral(KMW_SOURCE_DIR "/tests/non-keras-ml"), root));
            QHash<QString, QByteArray> before;
            for (const QString &file : QDir(root).entryList(QDir::Files))
                before.insert(file, readFile(QDir(root).filePath(file)));
            QVERIFY(before.size() >= 5);
            QVector<RulePack> packs;
            QVector<InputError> errors;
            QVERIFY(loadRulePacks({pack}, &packs, &errors));
            const RuleEngine engine(packs);
            const ScanResult scan = scanRepository(root, engine);
            for (const FileResult &file : scan.files)
                for (const Finding &f : file.findings)
                    QFAIL(qPrintable(QStringLiteral("%1 (%2): %3 at cell %4: %5").arg(file.relativePath, pack, f.ruleId).arg(f.cell).arg(f.message)));
            const ApplySummary applied = applyAll(scan, engine, ApplyOptions());
            QCOMPARE(applied.filesChanged, 0);
            QVERIFY(scan.errors.isEmpty());
            for (auto it = before.constBegin(); it != before.constEnd(); ++it)
                QCOMPARE(readFile(QDir(root).filePath(it.key())), it.value());
        }
    }

    // What the scan knows of a receiver decides the fix: Keras (imports, assignments,
    // functions returning a model, `for layer in model.layers`) is fixed; another
    // library's object gets no finding; an object nothing identifies gets an info
    // finding without a fix.
    void receiversAreResolvedBeforeRewriting()
    {
        const RuleEngine engine = builtinEngine();
        const auto findingsOf = [&](const QByteArray &code, const QString &rule) {
            QVector<Finding> out;
            for (const Finding &f : engine.scan(script(code), QStringLiteral("t.py")))
                if (f.ruleId == rule)
                    out << f;
            return out;
        };
        // exactly one finding of `rule`, with a fix
        const auto fixedOnce = [&](const QByteArray &code, const QString &rule) {
            const QVector<Finding> found = findingsOf(code, rule);
            return found.size() == 1 && found[0].fixable();
        };
        // a function of the file that returns a Keras model
        QVERIFY(fixedOnce("from keras.models import Sequential\n"
                          "def build():\n    m = Sequential()\n    return m\n"
                          "model = build()\nmodel.fit_generator(gen, epochs=2)\n", QStringLiteral("fit-generator")));
        // the layers of a Keras model, through a for loop
        QVERIFY(fixedOnce("import keras\nmodel = keras.Sequential()\nfor layer in model.layers:\n    layer.save_weights('w.h5')\n",
                          QStringLiteral("save-weights-suffix")));
        // a scikit-learn estimator bound to `model` after a Keras one: no finding
        QVector<Finding> f = findingsOf("import keras\nfrom sklearn.svm import SVC\nmodel = keras.Sequential()\nmodel = SVC(probability=True)\n"
                                        "p = model.predict_proba(x)\n",
                                        QStringLiteral("predict-proba"));
        QVERIFY(f.isEmpty());
        // a parameter: not known, reported without a fix
        f = findingsOf("def train(model, gen):\n    model.fit_generator(gen, epochs=2)\n", QStringLiteral("fit-generator"));
        QCOMPARE(f.size(), 1);
        QVERIFY(f[0].fixes.isEmpty());
        QCOMPARE(f[0].severity, Severity::Info);
        QVERIFY2(f[0].guidance.contains(QLatin1String("not known to be Keras")), qPrintable(f[0].guidance));
        // a class deriving from keras.Model makes Keras objects
        QVERIFY(fixedOnce("import keras\nclass Net(keras.Model):\n    pass\nnet = Net()\nnet.save('n.h5')\n",
                          QStringLiteral("save-h5-to-keras")));
        // inside a Keras callback, self.model is Keras
        QVERIFY(fixedOnce("import keras\nclass Lr(keras.callbacks.Callback):\n    def on_epoch_end(self, epoch, logs=None):\n"
                          "        print(self.model.optimizer.lr)\n", QStringLiteral("optimizer-lr-attribute")));
        // star imports from Keras name Keras layers
        QVERIFY(fixedOnce("from keras.layers import *\nlayer = Dense(10, init='uniform')\n", QStringLiteral("keras1-arg-init")));
        // and torch.optim's lr= is left alone
        QVERIFY(findingsOf("import torch\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n", QStringLiteral("optimizer-lr")).isEmpty());
    }

    // The preamble goes into the first cell that runs code: after a `!pip install` cell
    // that installs Keras, never into a Colab form (metadata or `#@title`); a magic such
    // as `%matplotlib inline` runs, so its cell takes it.
    void preambleGoesWhereCodeRunsFirst()
    {
        const RuleEngine engine = builtinEngine();
        const QByteArray colab = "{\"cells\": [\n"
            " {\"cell_type\": \"code\", \"metadata\": {\"cellView\": \"form\"}, \"source\": \"# Copyright 2024 the authors\\nLICENSE = 'Apache-2.0'\\n\", \"outputs\": [], \"execution_count\": null},\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"!pip install -q keras tensorflow\\n\", \"outputs\": [], \"execution_count\": null},\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"import numpy as np\\nfrom tensorflow import keras\\n\", \"outputs\": [], \"execution_count\": null}\n"
            "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n";
        const QByteArray titled = "{\"cells\": [\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"#@title Setup { display-mode: \\\"form\\\" }\\nDATA = 'x'\\n\", \"outputs\": [], \"execution_count\": null},\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"from tensorflow import keras\\n\", \"outputs\": [], \"execution_count\": null}\n"
            "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n";
        const QByteArray plain = "{\"cells\": [\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"%matplotlib inline\\n\", \"outputs\": [], \"execution_count\": null},\n"
            " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"from tensorflow import keras\\n\", \"outputs\": [], \"execution_count\": null}\n"
            "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n";
        for (const auto &[json, cell] : {std::pair{colab, 2}, std::pair{titled, 1}, std::pair{plain, 0}}) {
            Document doc;
            InputError error;
            QVERIFY2(parseNotebook(json, QStringLiteral("n.ipynb"), &doc, &error), qPrintable(error.toString()));
            const QVector<Finding> findings = engine.scan(doc, QStringLiteral("n.ipynb"));
            const auto it = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.ruleId == QLatin1String("backend-preamble"); });
            QVERIFY(it != findings.cend());
            QCOMPARE(it->cell, cell);
            const ApplyResult result = applyFixes(doc, {AcceptedFix{*it, 0}});
            QVERIFY(result.newSources.value(cell).startsWith("import os\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\n"));
        }
    }

    // A script that a notebook `%load`s runs in the notebook's namespace: the names it
    // does not import resolve through the notebook's imports.
    void loadedSnippetsTakeTheNotebooksNames()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("solutions")));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("solutions/adam.py")), "optimizer = optimizers.Adam(lr=0.001)\n"));
        const RuleEngine engine = builtinEngine();
        const auto snippetFinding = [&]() {
            const ScanResult scan = scanRepository(dir.path(), engine);
            for (const FileResult &f : scan.files)
                if (f.relativePath == QLatin1String("solutions/adam.py"))
                    for (const Finding &finding : f.findings)
                        if (finding.ruleId == QLatin1String("optimizer-lr"))
                            return finding;
            return Finding();
        };
        Finding alone = snippetFinding(); // nothing says what `optimizers` is
        QCOMPARE(alone.ruleId, QStringLiteral("optimizer-lr"));
        QVERIFY(!alone.fixable());
        QCOMPARE(alone.severity, Severity::Info);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")),
                          "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"from tensorflow.keras import optimizers\\n\", "
                          "\"outputs\": [], \"execution_count\": null}, {\"cell_type\": \"code\", \"metadata\": {}, "
                          "\"source\": \"# %load solutions/adam.py\\noptimizer = optimizers.Adam(lr=0.001)\\n\", \"outputs\": [], "
                          "\"execution_count\": null}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n"));
        const Finding loaded = snippetFinding();
        QCOMPARE(loaded.ruleId, QStringLiteral("optimizer-lr"));
        QVERIFY(loaded.fixable());
        // a model that an earlier snippet of the notebook builds is Keras in the next one
        QVERIFY(writeFile(dir.filePath(QStringLiteral("solutions/build.py")), "model = Sequential()\n"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("solutions/probabilities.py")), "p = model.predict_proba(X_test)\n"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab2.ipynb")),
                          "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"from tensorflow.keras.models import Sequential\\n# %load solutions/build.py\\n\", "
                          "\"outputs\": [], \"execution_count\": null}, {\"cell_type\": \"code\", \"metadata\": {}, "
                          "\"source\": \"# %load solutions/probabilities.py\\n\", \"outputs\": [], "
                          "\"execution_count\": null}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n"));
        const ApplySummary applied = applyAll(scanRepository(dir.path(), engine), engine, ApplyOptions());
        QCOMPARE(applied.filesChanged, 4);
        QVERIFY(readFile(dir.filePath(QStringLiteral("solutions/probabilities.py"))).contains("model.predict(X_test)"));
        QVERIFY(readFile(dir.filePath(QStringLiteral("solutions/adam.py"))).contains("optimizers.Adam(learning_rate=0.001)"));
    }

    void applyNeverOverwritesAFileChangedWhileItRuns()
    {
        // `kmw-cli apply` while Jupyter autosaves the notebook: the file changes between
        // the scan and the write (the writer's hook does it at that moment); nothing is
        // written over it and the error names the file
        const RuleEngine engine = builtinEngine();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.py"));
        QVERIFY(writeFile(path, "from keras.optimizers import Adam\nopt = Adam(lr=0.01)\n"));
        const ScanResult scan = scanRepository(dir.path(), engine);
        const QByteArray autosaved = "from keras.optimizers import Adam\nopt = Adam(lr=0.02)  # tuned in Jupyter\n";
        setBeforeReplaceHook([&](const QString &target) {
            if (target == path)
                QVERIFY(writeFile(path, autosaved));
        });
        const ApplySummary summary = applyAll(scan, engine, {});
        setBeforeReplaceHook({});
        QCOMPARE(summary.filesChanged, 0);
        QCOMPARE(summary.errors.size(), 1);
        QVERIFY2(summary.errors.first().toString().contains(path) && summary.errors.first().toString().contains(QLatin1String("changed on disk")),
                 qPrintable(summary.errors.first().toString()));
        QCOMPARE(readFile(path), autosaved);
    }

    void reviewOnlyTemplatesAreNotAutoApplied()
    {
        const RuleEngine engine = builtinEngine();
        const Document doc = script("from keras.preprocessing.image import ImageDataGenerator\ngen = ImageDataGenerator(rescale=1. / 255)\n");
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("t.py"));
        const auto it = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.ruleId == QLatin1String("image-data-generator"); });
        QVERIFY(it != findings.cend());
        QVERIFY(!it->fixable());          // not applied by accept-all
        QCOMPARE(it->fixes.size(), 1);    // but offered to the reviewer
        QVERIFY(it->fixes.first().reviewOnly);
        QVERIFY(!it->guidance.isEmpty());
    }

    void textRulesMigrateEnvironmentFiles()
    {
        const RuleEngine engine = builtinEngine();
        Document doc;
        InputError error;
        QVERIFY(parseText("numpy\r\ntensorflow-gpu==2.4  # gpu\r\nh5py==2.10.0\r\n", QStringLiteral("requirements.txt"), &doc, &error));
        const QVector<Finding> findings = engine.scan(doc, QStringLiteral("sub/requirements.txt"));
        QCOMPARE(findings.size(), 2);
        QVector<AcceptedFix> all;
        for (const Finding &f : findings)
            all << AcceptedFix{f, f.autoFixIndex()};
        QCOMPARE(applyFixes(doc, all).newSources.value(0),
                 QByteArray("numpy\r\nkeras>=3.0.0\r\ntorch>=2.0.0\r\ntorchvision>=0.15.0  # gpu\r\nh5py>=3.0.0\r\n"));
        // Not a requirements file: untouched.
        QVERIFY(engine.scan(doc, QStringLiteral("notes.txt")).isEmpty());
    }

    void fingerprintsSurviveUnrelatedEdits()
    {
        const RuleEngine engine = builtinEngine();
        const QVector<Finding> a = engine.scan(script("from tensorflow.keras import layers\nx = 1\n"), QStringLiteral("t.py"));
        const QVector<Finding> b = engine.scan(script("# a comment\n\nfrom tensorflow.keras import layers\nx = 2\n"), QStringLiteral("t.py"));
        QCOMPARE(a.size(), b.size());
        QCOMPARE(a.last().id, b.last().id);
        const QVector<Finding> c = engine.scan(script("from tensorflow.keras import layers\n"), QStringLiteral("other.py"));
        QVERIFY(a.last().id != c.last().id);
    }

    void brokenRuleIsReportedAndOthersLoad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(writeFile(path, kBrokenPack));
        RulePack pack;
        QVector<InputError> errors;
        QVERIFY(loadRulePack(path, &pack, &errors));
        QCOMPARE(pack.rules.size(), 1);
        QCOMPARE(pack.rules.first().id, QStringLiteral("good"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].line, 9);
        QVERIFY(errors[0].column > 16);
        QVERIFY2(errors[0].toString().startsWith(path + QStringLiteral(":9:")), qPrintable(errors[0].toString()));
        QVERIFY(errors[0].message.contains(QStringLiteral("broken")));
        QCOMPARE(errors[1].line, 16);
        QVERIFY(errors[1].message.contains(QStringLiteral("node type")));

        QVERIFY(writeFile(path, "{\"rules\": [\n  {\"id\": \"x\",\n"));
        RulePack truncated;
        errors.clear();
        QVERIFY(!loadRulePack(path, &truncated, &errors));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().line, 3); // the end of the file, where the JSON stops
    }

    void rulesOfTheWrongShapeAreReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shapes.json"));
        QVERIFY(writeFile(path, "{\"rules\": [\n"
                                " {\"id\": \"fixes-a-string\", \"severity\": \"low\", \"category\": \"imports\", \"message\": \"m\",\n"
                                "  \"query\": \"(identifier) @x\", \"fixes\": \"x\"},\n"
                                " {\"id\": \"review-only-a-string\", \"severity\": \"low\", \"category\": \"imports\", \"message\": \"m\",\n"
                                "  \"query\": \"(identifier) @x\", \"fixes\": [{\"title\": \"t\", \"review_only\": \"yes\", \"edits\": []}]},\n"
                                " {\"id\": \"good\", \"severity\": \"low\", \"category\": \"imports\", \"message\": \"m\",\n"
                                "  \"query\": \"(identifier) @x\"}\n]}\n"));
        RulePack pack;
        QVector<InputError> errors;
        QVERIFY(loadRulePack(path, &pack, &errors));
        QCOMPARE(pack.rules.size(), 1);
        QCOMPARE(pack.rules.first().id, QStringLiteral("good"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].line, 2);
        QVERIFY2(errors[0].message.contains(QStringLiteral("fixes-a-string")) && errors[0].message.contains(QStringLiteral("malformed")),
                 qPrintable(errors[0].toString()));
        QCOMPARE(errors[1].line, 4);
    }

    void predicatesAndNegations()
    {
        uint32_t offset = 0;
        QString why;
        const auto q = Query::compile(kPredicateQuery, &offset, &why);
        QVERIFY2(q, qPrintable(why));
        PythonParser parser;
        const QByteArray text = "a + b + c + d + zz";
        const TreePtr tree = parser.parse(text);
        QStringList seen;
        q->forEachMatch(ts_tree_root_node(tree.get()), text, {}, [&](const CaptureMap &captures, int pattern) {
            for (auto it = captures.begin(); it != captures.end(); ++it)
                seen << QStringLiteral("%1:%2").arg(pattern).arg(QString::fromUtf8(nodeText(it.value(), text)));
        });
        seen.sort();
        QCOMPARE(seen, (QStringList{QStringLiteral("0:a"), QStringLiteral("0:b"), QStringLiteral("1:d")}));
        QVERIFY(!Query::compile(kUnknownPredicateQuery, &offset, &why));
        QVERIFY(why.contains(QStringLiteral("frobnicate")));
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"

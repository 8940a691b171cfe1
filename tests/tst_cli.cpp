// kmw-cli on a fixture repository: the JSON contract of DESIGN.md, exit codes,
// apply, rendered notebooks, and malformed files among good ones.

#include "TestSupport.h"

#include "TorchRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include "PythonEnv.h"
#include "RunCompare.h"

#include <QRegularExpression>
#include <QtTest>

using namespace kmw::test;

namespace {

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

const QByteArray kSarifNotebook = R"json({"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Lab \u00e9t\u00e9"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["import numpy as np\n", "from tensorflow import keras\n", "opt = keras.optimizers.Adam(lr=0.01)"]}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
)json";

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(KMW_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const QByteArray kNotebook = R"json({
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "%matplotlib inline\n",
    "import numpy as np"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}],
   "source": [
    "from tensorflow.keras.models import Sequential\n",
    "from tensorflow.keras import optimizers\n",
    "opt = optimizers.SGD(lr=0.1)"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
)json";

void makeRepo(const QString &root)
{
    writeFile(root + QStringLiteral("/labs/lab1.ipynb"), kNotebook);
    writeFile(root + QStringLiteral("/labs/lab1_rendered.ipynb"), kNotebook);
    writeFile(root + QStringLiteral("/train.py"), "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.models import Sequential\n"
                                                   "model = Sequential([Dense(1)])\nmodel.fit_generator(gen, 100, epochs=2)\n");
    writeFile(root + QStringLiteral("/utils.py"), "import numpy as np\n");
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    /// --version names the version, both rule packs with their versions, and the
    /// libraries with their licences.
    void versionNamesPacksAndLicences()
    {
        const Run run = cli({QStringLiteral("--version")});
        QCOMPARE(run.code, 0);
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.startsWith(QStringLiteral("kmw-cli 0.")), run.out.constData());
        QVERIFY(QRegularExpression(QStringLiteral("keras3-torch \\d{4}\\.\\d+\\.\\d+ \\(\\d+ rules\\)")).match(text).hasMatch());
        QVERIFY(text.contains(QStringLiteral("keras-to-pytorch ")));
        for (const char *library : {"Qt ", "tree-sitter", "nlohmann_json", "HDF5", "zlib", "LibTorch"})
            QVERIFY2(text.contains(QLatin1String(library)), library);
        for (const char *licence : {"LGPL-3.0", "MIT", "BSD-3-Clause", "Zlib"})
            QVERIFY2(text.contains(QLatin1String(licence)), licence);
    }
    /// scan --format sarif: rules with help URLs, results whose region is where the code
    /// sits in the .ipynb JSON (cell and cell line in the property bag), a fix for a
    /// fixable finding that gives the fixed file; validated by Microsoft's SARIF
    /// Multitool when scripts/setup.sh installed it. --fail-on gates on severity.
    void scanSarif()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), kSarifNotebook));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("train.py")), "from tensorflow import keras\nmodel = keras.Sequential()\n"));
        const Run run = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("sarif")});
        QCOMPARE(run.code, 0);
        const QJsonObject log = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
        const QJsonObject sarifRun = log.value(QStringLiteral("runs")).toArray().first().toObject();
        const QJsonArray rules = sarifRun.value(QStringLiteral("tool")).toObject().value(QStringLiteral("driver")).toObject()
                                     .value(QStringLiteral("rules")).toArray();
        QVERIFY(rules.size() > 50);
        for (const QJsonValue &r : rules)
            QVERIFY2(r.toObject().value(QStringLiteral("helpUri")).toString().startsWith(QStringLiteral("https://")),
                     qPrintable(r.toObject().value(QStringLiteral("id")).toString()));
        bool sawLr = false, sawScript = false;
        for (const QJsonValue &v : sarifRun.value(QStringLiteral("results")).toArray()) {
            const QJsonObject result = v.toObject();
            const QJsonObject location = result.value(QStringLiteral("locations")).toArray().first().toObject()
                                             .value(QStringLiteral("physicalLocation")).toObject();
            const QString uri = location.value(QStringLiteral("artifactLocation")).toObject().value(QStringLiteral("uri")).toString();
            const QJsonObject region = location.value(QStringLiteral("region")).toObject();
            const QList<QByteArray> lines = readFile(dir.filePath(uri)).split('\n');
            const QByteArray line = lines.value(region.value(QStringLiteral("startLine")).toInt() - 1);
            const int column = region.value(QStringLiteral("startColumn")).toInt();
            if (result.value(QStringLiteral("ruleId")).toString().contains(QStringLiteral("lr"))) {
                sawLr = true;
                QCOMPARE(uri, QStringLiteral("lab.ipynb"));
                QCOMPARE(result.value(QStringLiteral("properties")).toObject().value(QStringLiteral("cell")).toInt(), 1);
                QCOMPARE(result.value(QStringLiteral("properties")).toObject().value(QStringLiteral("cellLine")).toInt(), 3);
                // the region starts on the JSON line of that source line, at the code's place
                QVERIFY2(line.mid(column - 1).startsWith("lr") || line.mid(column - 1).startsWith("keras.optimizers")
                             || line.mid(column - 1).startsWith("Adam") || line.mid(column - 1).startsWith("opt"),
                         line.constData());
                // its fix, applied to the file, gives learning_rate
                const QJsonObject replacement = result.value(QStringLiteral("fixes")).toArray().first().toObject()
                                                    .value(QStringLiteral("artifactChanges")).toArray().first().toObject()
                                                    .value(QStringLiteral("replacements")).toArray().first().toObject();
                QVERIFY(replacement.value(QStringLiteral("insertedContent")).toObject().value(QStringLiteral("text")).toString()
                            .contains(QStringLiteral("learning_rate")));
            }
            if (uri == QLatin1String("train.py")) {
                sawScript = true;
                QVERIFY(!result.value(QStringLiteral("properties")).toObject().contains(QStringLiteral("cell")));
            }
        }
        QVERIFY(sawLr);
        QVERIFY(sawScript);
        // the CI gate
        QCOMPARE(cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--fail-on"), QStringLiteral("high")}).code, 4);
        QCOMPARE(cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--fail-on"), QStringLiteral("nonsense")}).code, 2);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("log.sarif")), run.out));
        const QString multitool = QString::fromLocal8Bit(qgetenv("KMW_DEPS_DIR").isEmpty() ? QByteArray("/opt/kmw-deps") : qgetenv("KMW_DEPS_DIR"))
                                  + QStringLiteral("/sarif-multitool-5.7.0/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
        if (!QFileInfo(multitool).isExecutable())
            QSKIP("Microsoft's SARIF Multitool is not installed (scripts/setup.sh installs it)");
        QProcess validate;
        validate.start(multitool, {QStringLiteral("validate"), dir.filePath(QStringLiteral("log.sarif"))});
        QVERIFY(validate.waitForFinished(300000));
        const QByteArray said = validate.readAllStandardOutput() + validate.readAllStandardError();
        QVERIFY2(validate.exitCode() == 0 && said.contains("Analysis completed successfully") && !said.contains(": error "), said.constData());
    }
    void scanJsonFollowsTheContract()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        const Run r = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.code, 0);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root.value(QStringLiteral("rules")).toArray().first().toString(), QStringLiteral("keras3-torch"));
        const QJsonArray files = root.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 2); // lab1.ipynb and train.py; rendered skipped, utils clean
        const QJsonObject nb = files[0].toObject();
        QCOMPARE(nb.value(QStringLiteral("path")).toString(), QStringLiteral("labs/lab1.ipynb"));
        QCOMPARE(nb.value(QStringLiteral("type")).toString(), QStringLiteral("notebook"));
        const QJsonArray findings = nb.value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 4); // preamble, 2 imports, lr
        const QJsonObject imp = findings[1].toObject();
        QCOMPARE(imp.value(QStringLiteral("rule")).toString(), QStringLiteral("tf-keras-from-import"));
        QCOMPARE(imp.value(QStringLiteral("cell")).toInt(), 1);
        QCOMPARE(imp.value(QStringLiteral("line")).toInt(), 1);
        QCOMPARE(imp.value(QStringLiteral("column")).toInt(), 1);
        QCOMPARE(imp.value(QStringLiteral("end_line")).toInt(), 1);
        QCOMPARE(imp.value(QStringLiteral("end_column")).toInt(), 47); // exclusive, like the byte range
        QCOMPARE(imp.value(QStringLiteral("severity")).toString(), QStringLiteral("medium"));
        QCOMPARE(imp.value(QStringLiteral("category")).toString(), QStringLiteral("imports"));
        QCOMPARE(imp.value(QStringLiteral("fixable")).toBool(), true);
        QCOMPARE(imp.value(QStringLiteral("replacement")).toString(), QStringLiteral("from keras.models import Sequential"));
        QCOMPARE(imp.value(QStringLiteral("id")).toString().size(), 16);
        const QJsonObject lr = findings[3].toObject();
        QCOMPARE(lr.value(QStringLiteral("rule")).toString(), QStringLiteral("optimizer-lr"));
        QCOMPARE(lr.value(QStringLiteral("line")).toInt(), 3);
        QCOMPARE(lr.value(QStringLiteral("column")).toInt(), 22);
        QCOMPARE(lr.value(QStringLiteral("replacement")).toString(), QStringLiteral("learning_rate=0.1"));
        const QJsonObject py = files[1].toObject();
        QCOMPARE(py.value(QStringLiteral("type")).toString(), QStringLiteral("python"));
        QVERIFY(py.value(QStringLiteral("findings")).toArray().first().toObject().value(QStringLiteral("cell")).isNull());
        const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("files_scanned")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("files_with_findings")).toInt(), 2);
        QCOMPARE(summary.value(QStringLiteral("findings")).toInt(), 8);
        QCOMPARE(summary.value(QStringLiteral("by_rule")).toObject().value(QStringLiteral("tf-keras-from-import")).toInt(), 4);
        QCOMPARE(summary.value(QStringLiteral("by_severity")).toObject().value(QStringLiteral("critical")).toInt(), 1);
        QVERIFY(root.value(QStringLiteral("errors")).toArray().isEmpty());

        // A relative PATH gives the same relative file paths.
        QProcess relative;
        relative.setWorkingDirectory(QFileInfo(dir.path()).absolutePath());
        relative.start(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("scan"), QFileInfo(dir.path()).fileName(),
                                                      QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(relative.waitForFinished(60000));
        QCOMPARE(relative.exitCode(), 0);
        const QJsonObject relativeRoot = QJsonDocument::fromJson(relative.readAllStandardOutput()).object();
        QCOMPARE(relativeRoot.value(QStringLiteral("files")).toArray(), files);

        const Run rendered = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--include-rendered")});
        QCOMPARE(QJsonDocument::fromJson(rendered.out).object().value(QStringLiteral("files")).toArray().size(), 3);
    }

    void exitCodes()
    {
        QCOMPARE(cli({QStringLiteral("scan"), QStringLiteral("/no/such/path")}).code, 3);
        QCOMPARE(cli({QStringLiteral("frobnicate")}).code, 2);
        QCOMPARE(cli({QStringLiteral("scan")}).code, 2);
        QCOMPARE(cli({QStringLiteral("scan"), QStringLiteral("."), QStringLiteral("--format"), QStringLiteral("xml")}).code, 2);
        QCOMPARE(cli({QStringLiteral("scan"), QStringLiteral("."), QStringLiteral("--rules"), QStringLiteral("no-such-pack")}).code, 3);
        const Run rules = cli({QStringLiteral("rules"), QStringLiteral("test")});
        QCOMPARE(rules.code, 0);
        QVERIFY(rules.out.contains("rule examples passed"));
    }

    void applyWritesOnlyChangedSources()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        const QString nb = dir.filePath(QStringLiteral("labs/lab1.ipynb"));
        const QString rendered = dir.filePath(QStringLiteral("labs/lab1_rendered.ipynb"));
        const QString utils = dir.filePath(QStringLiteral("utils.py"));

        const Run dry = cli({QStringLiteral("apply"), dir.path(), QStringLiteral("--dry-run"), QStringLiteral("--diff")});
        QCOMPARE(dry.code, 0);
        QCOMPARE(readFile(nb), kNotebook);
        QVERIFY2(dry.out.contains("--- a/labs/lab1.ipynb\n+++ b/labs/lab1.ipynb\n"), dry.out.constData());
        QVERIFY(dry.out.contains("\n-    \"opt = optimizers.SGD(lr=0.1)\"\n"));
        QVERIFY(dry.out.contains("\n+    \"opt = optimizers.SGD(learning_rate=0.1)\"\n"));
        for (const QByteArray &line : dry.out.split('\n')) // only source lines change
            if ((line.startsWith('-') || line.startsWith('+')) && !line.startsWith("---") && !line.startsWith("+++"))
                QVERIFY2(!line.contains("outputs") && !line.contains("execution_count"), line.constData());
        QVERIFY(dry.out.contains("\n-from tensorflow.keras.layers import Dense\n"));
        QVERIFY(dry.out.contains("\n+from keras.layers import Dense\n"));

        const Run r = cli({QStringLiteral("apply"), dir.path()});
        QCOMPARE(r.code, 0);
        QByteArray expected = kNotebook;
        expected.replace("    \"%matplotlib inline\\n\",", "    \"import os\\n\",\n    \"os.environ[\\\"KERAS_BACKEND\\\"] = \\\"torch\\\"\\n\",\n    \"%matplotlib inline\\n\",");
        expected.replace("from tensorflow.keras.models", "from keras.models");
        expected.replace("from tensorflow.keras import", "from keras import");
        expected.replace("SGD(lr=0.1)", "SGD(learning_rate=0.1)");
        QCOMPARE(readFile(nb), expected);
        QCOMPARE(readFile(rendered), kNotebook); // skipped
        QCOMPARE(readFile(utils), QByteArray("import numpy as np\n")); // no Keras: untouched
        QCOMPARE(readFile(dir.filePath(QStringLiteral("train.py"))),
                 QByteArray("import os\nos.environ[\"KERAS_BACKEND\"] = \"torch\"\nfrom keras.layers import Dense\nfrom keras.models import Sequential\n"
                            "model = Sequential([Dense(1)])\nmodel.fit(gen, steps_per_epoch=100, epochs=2)\n"));

        const Run again = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("summary")).toObject().value(QStringLiteral("findings")).toInt(), 0);
        const QString python = pythonWithNbformat();
        if (!python.isEmpty())
            QCOMPARE(nbformatErrors(python, {nb}), QString());
    }

    void applyToPlainPyTorch()
    {
        QTemporaryDir dir;
        const QByteArray script = "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
                                  "model = Sequential()\nmodel.add(Dense(5, input_dim=3, activation='relu'))\n"
                                  "model.add(Dense(2, activation='softmax'))\n"
                                  "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
                                  "model.fit(X, y, epochs=2)\nmodel.save('m.h5')\n";
        writeFile(dir.filePath(QStringLiteral("train.py")), script);
        writeFile(dir.filePath(QStringLiteral("utils.py")), "import numpy as np\n");

        const Run scan = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch"),
                              QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(scan.code, 0);
        const QJsonObject report = QJsonDocument::fromJson(scan.out).object();
        QCOMPARE(report.value(QStringLiteral("rules")).toArray().first().toString(), QStringLiteral("keras-to-pytorch"));
        QStringList rules;
        for (const QJsonValue &file : report.value(QStringLiteral("files")).toArray())
            for (const QJsonValue &f : file.toObject().value(QStringLiteral("findings")).toArray())
                rules << f.toObject().value(QStringLiteral("rule")).toString();
        for (const char *rule : {"torch-module", "torch-compile", "torch-fit", "save-state-dict"})
            QVERIFY2(rules.contains(QString::fromLatin1(rule)), rule);
        QCOMPARE(readFile(dir.filePath(QStringLiteral("train.py"))), script); // scan writes nothing

        const Run apply = cli({QStringLiteral("apply"), dir.path(), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch")});
        QCOMPARE(apply.code, 0);
        const QByteArray out = readFile(dir.filePath(QStringLiteral("train.py")));
        QVERIFY2(out.startsWith("import torch\nimport torch.nn as nn\n"), out.constData());
        QVERIFY(out.contains("class Net(nn.Module):"));
        QVERIFY(out.contains("criterion = nn.CrossEntropyLoss()"));
        QVERIFY(out.contains("optimizer.zero_grad()"));
        QVERIFY(out.contains("torch.save(model.state_dict(), 'm.pth')"));
        QVERIFY2(!out.contains("tensorflow"), out.constData());
        QCOMPARE(readFile(dir.filePath(QStringLiteral("utils.py"))), QByteArray("import numpy as np\n"));
        // fixed point: nothing fixable is left
        const Run again = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch"),
                               QStringLiteral("--format"), QStringLiteral("json")});
        int fixable = 0, findings = 0;
        for (const QJsonValue &file : QJsonDocument::fromJson(again.out).object().value(QStringLiteral("files")).toArray())
            for (const QJsonValue &f : file.toObject().value(QStringLiteral("findings")).toArray()) {
                ++findings;
                fixable += f.toObject().value(QStringLiteral("fixable")).toBool();
            }
        QCOMPARE(fixable, 0);
        QCOMPARE(findings, 0); // nothing left for the reviewer either: TensorFlow is gone

        const Run list = cli({QStringLiteral("rules"), QStringLiteral("list"), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch")});
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.startsWith("torch-module"));
        const Run test = cli({QStringLiteral("rules"), QStringLiteral("test"), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch")});
        QCOMPARE(test.code, 0);
    }

    void planItemsOfTheKeras3TargetStayManualUnderPyTorch()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        writeFile(dir.filePath(QStringLiteral("MIGRATION_PLAN.md")),
                  "## Phase 1: Lab\n\n- `train.py`\n\n- [ ] All `fit_generator` changed to `fit`\n");
        const Run keras3 = cli({QStringLiteral("plan"), dir.path()});
        QVERIFY2(keras3.out.contains("[ ] All `fit_generator` changed to `fit`  (auto: findings left in: train.py (1))"),
                 keras3.out.constData());
        const Run pytorch = cli({QStringLiteral("plan"), dir.path(), QStringLiteral("--rules"), QStringLiteral("keras-to-pytorch")});
        QCOMPARE(pytorch.code, 0);
        QVERIFY2(pytorch.out.contains("[ ] All `fit_generator` changed to `fit`\n"), pytorch.out.constData());
        QVERIFY(!pytorch.out.contains("(auto: no finding left"));
    }

    void smokeTrainsPyTorchCodeOnLogits()
    {
        // nn.CrossEntropyLoss takes the module's outputs as logits. They were fed to the
        // loss as probabilities (initial loss near 9 nats, verdict fail) before.
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("net.py"));
        writeFile(script, "import torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n"
                          "    def __init__(self):\n        super().__init__()\n"
                          "        self.hidden = nn.Linear(12, 32)\n        self.out = nn.Linear(32, 4)\n\n"
                          "    def forward(self, x):\n        return self.out(torch.tanh(self.hidden(x)))\n\n"
                          "device = torch.device('cpu')\nmodel = Net().to(device)\n"
                          "criterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n");
        const Run r = cli({QStringLiteral("smoke"), script, QStringLiteral("--data"), QStringLiteral("synthetic"),
                           QStringLiteral("--epochs"), QStringLiteral("5"), QStringLiteral("--seed"), QStringLiteral("0"),
                           QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(report.value(QStringLiteral("model")).toObject().value(QStringLiteral("params_torch")).toInt(), 12 * 32 + 32 + 32 * 4 + 4);
        QVERIFY(report.value(QStringLiteral("model")).toObject().value(QStringLiteral("from_logits")).toBool());
        for (const QJsonValue &check : report.value(QStringLiteral("checks")).toArray())
            if (check.toObject().value(QStringLiteral("name")).toString() == QLatin1String("initial_loss"))
                QVERIFY2(check.toObject().value(QStringLiteral("passed")).toBool(), r.out.constData());
        QCOMPARE(report.value(QStringLiteral("verdict")).toString(), QStringLiteral("pass"));
    }

    void applyWithDecisionsAppliesExactlyTheAccepted()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        const Run scan = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QString lrId, importId;
        for (const QJsonValue &f : QJsonDocument::fromJson(scan.out).object().value(QStringLiteral("files")).toArray())
            for (const QJsonValue &x : f.toObject().value(QStringLiteral("findings")).toArray()) {
                const QJsonObject o = x.toObject();
                if (f.toObject().value(QStringLiteral("path")).toString() != QLatin1String("labs/lab1.ipynb"))
                    continue;
                if (o.value(QStringLiteral("rule")).toString() == QLatin1String("optimizer-lr"))
                    lrId = o.value(QStringLiteral("id")).toString();
                if (o.value(QStringLiteral("rule")).toString() == QLatin1String("tf-keras-from-import") && importId.isEmpty())
                    importId = o.value(QStringLiteral("id")).toString();
            }
        QVERIFY(!lrId.isEmpty() && !importId.isEmpty());
        const QString review = dir.filePath(QStringLiteral(".kmw/review.json"));
        QVERIFY(writeFile(review, QStringLiteral("{\"version\": 1, \"decisions\": ["
                                                 "{\"id\": \"%1\", \"path\": \"labs/lab1.ipynb\", \"status\": \"accepted\", \"fix\": 0},"
                                                 "{\"id\": \"%2\", \"path\": \"labs/lab1.ipynb\", \"status\": \"rejected\", \"fix\": 0}]}\n")
                                      .arg(lrId, importId).toUtf8()));
        const Run r = cli({QStringLiteral("apply"), dir.path(), QStringLiteral("--decisions"), review});
        QCOMPARE(r.code, 0);
        QByteArray expected = kNotebook;
        expected.replace("SGD(lr=0.1)", "SGD(learning_rate=0.1)");
        QCOMPARE(readFile(dir.filePath(QStringLiteral("labs/lab1.ipynb"))), expected);
        QVERIFY(readFile(dir.filePath(QStringLiteral("train.py"))).contains("from tensorflow.keras.layers")); // undecided: untouched
        QCOMPARE(cli({QStringLiteral("apply"), dir.path(), QStringLiteral("--decisions"), dir.filePath(QStringLiteral("none.json"))}).code, 3);
    }

    void planGenerateWritesAPlanInTheSameShape()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        const Run r = cli({QStringLiteral("plan"), dir.path(), QStringLiteral("--generate"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.code, 0);
        const QByteArray md = readFile(dir.filePath(QStringLiteral("MIGRATION_PLAN.md")));
        QVERIFY(md.contains("## Migration Summary\n"));
        QVERIFY(md.contains("## Phase 0: Environment Setup"));
        QVERIFY(md.contains("### Checklist per file:"));
        const QJsonArray phases = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("phases")).toArray();
        QVERIFY(phases.size() >= 2);
        // The folder with the critical finding (train.py: fit_generator) comes first.
        const QJsonObject first = phases[1].toObject();
        QCOMPARE(first.value(QStringLiteral("priority")).toString(), QStringLiteral("CRITICAL"));
        QCOMPARE(first.value(QStringLiteral("files")).toArray().first().toObject().value(QStringLiteral("path")).toString(), QStringLiteral("train.py"));
        // An existing plan is never overwritten.
        QCOMPARE(cli({QStringLiteral("plan"), dir.path(), QStringLiteral("--generate")}).code, 3);
        QCOMPARE(readFile(dir.filePath(QStringLiteral("MIGRATION_PLAN.md"))), md);
    }

    void malformedFilesAreReportedAndTheScanGoesOn()
    {
        QTemporaryDir dir;
        makeRepo(dir.path());
        writeFile(dir.filePath(QStringLiteral("broken.ipynb")), "{\n \"cells\": [\n");
        writeFile(dir.filePath(QStringLiteral("v3.ipynb")), R"json({"nbformat": 3, "worksheets": []})json");
        QDir(dir.path()).mkdir(QStringLiteral("folder.ipynb"));
        // JSON nested 200,000 deep: an error, not a stack overflow.
        writeFile(dir.filePath(QStringLiteral("deep.ipynb")),
                  "{\"nbformat\": 4, \"cells\": [" + QByteArray(200000, '[') + QByteArray(200000, ']') + "]}");
        // A symlink loop is not followed.
        QDir(dir.path()).mkdir(QStringLiteral("loop"));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("loop")), dir.filePath(QStringLiteral("loop/self"))));
        // A 200,000-line cell and a 1 MB line are read and scanned.
        QByteArray lines;
        for (int i = 0; i < 200000; ++i)
            lines += "    \"x" + QByteArray::number(i) + " = 1\\n\",\n";
        writeFile(dir.filePath(QStringLiteral("big/long_cell.ipynb")),
                  "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,\n"
                  "\"source\": [\n" + lines + "    \"from tensorflow.keras import layers\"]}],\n"
                  "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n");
        writeFile(dir.filePath(QStringLiteral("big/long_line.py")),
                  "s = '" + QByteArray(1 << 20, 'a') + "'\nfrom tensorflow.keras import layers\n");
        const Run r = cli({QStringLiteral("scan"), dir.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.code, 3);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        const QJsonArray errors = root.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.size(), 4);
        QStringList paths;
        for (const QJsonValue &e : errors)
            paths << e.toObject().value(QStringLiteral("path")).toString();
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("broken.ipynb"), QStringLiteral("deep.ipynb"),
                                     QStringLiteral("folder.ipynb"), QStringLiteral("v3.ipynb")}));
        for (const QJsonValue &e : errors) {
            const QString path = e.toObject().value(QStringLiteral("path")).toString();
            const QString message = e.toObject().value(QStringLiteral("message")).toString();
            QVERIFY2(message.startsWith(path + QLatin1Char(':')), qPrintable(message));
            if (path == QLatin1String("broken.ipynb"))
                QVERIFY2(message.startsWith(QStringLiteral("broken.ipynb:3:1: not valid JSON")), qPrintable(message));
            if (path == QLatin1String("v3.ipynb"))
                QVERIFY(message.contains(QStringLiteral("jupyter nbconvert --to notebook --nbformat 4")));
        }
        const QJsonArray files = root.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 4);
        for (const QJsonValue &f : files) {
            const QJsonObject file = f.toObject();
            if (!file.value(QStringLiteral("path")).toString().startsWith(QLatin1String("big/")))
                continue;
            const QJsonObject last = file.value(QStringLiteral("findings")).toArray().last().toObject();
            QCOMPARE(last.value(QStringLiteral("rule")).toString(), QStringLiteral("tf-keras-from-import"));
            QCOMPARE(last.value(QStringLiteral("line")).toInt(), file.value(QStringLiteral("type")).toString() == QLatin1String("python") ? 2 : 200001);
        }

        const QByteArray before = readFile(dir.filePath(QStringLiteral("broken.ipynb")));
        const Run a = cli({QStringLiteral("apply"), dir.path()});
        QCOMPARE(a.code, 3);
        QCOMPARE(readFile(dir.filePath(QStringLiteral("broken.ipynb"))), before);
        QVERIFY(readFile(dir.filePath(QStringLiteral("train.py"))).contains("from keras.layers"));
    }

    void modelAndSmokeCommands()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("train.py"));
        QVERIFY(writeFile(script, "from tensorflow.keras.models import Sequential\n"
                                  "from tensorflow.keras.layers import Dense, Dropout\n"
                                  "n_hidden = 16\n"
                                  "model = Sequential()\n"
                                  "model.add(Dense(n_hidden, input_dim=X.shape[1], activation='relu'))\n"
                                  "model.add(Dropout(0.2))\n"
                                  "model.add(Dense(3, activation='softmax'))\n"
                                  "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
                                  "model.fit(X, y, epochs=2, batch_size=8)\n"));
        const QByteArray before = readFile(script);
        // X.shape[1] is not in the code: asked for, then given
        Run missing = cli({QStringLiteral("model"), script});
        QCOMPARE(missing.code, 3);
        QVERIFY2(missing.err.contains("X.shape[1]") && missing.err.contains("--set"), missing.err.constData());
        Run table = cli({QStringLiteral("model"), script, QStringLiteral("--input-shape"), QStringLiteral("5")});
        QCOMPARE(table.code, 0);
        QVERIFY2(table.out.contains("dense_1 (Dense)") && table.out.contains("Total params: 147"), table.out.constData());
        Run json = cli({QStringLiteral("model"), script, QStringLiteral("--input-shape"), QStringLiteral("5"),
                        QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.code, 0);
        const QJsonObject m = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(m.value(QStringLiteral("params_keras")).toInt(), 5 * 16 + 16 + 17 * 3);
        QCOMPARE(m.value(QStringLiteral("layers")).toArray().size(), 3);
        QCOMPARE(m.value(QStringLiteral("layers")).toArray().at(2).toObject().value(QStringLiteral("output_shape")).toArray().at(1).toInt(), 3);
        // a summary in tf.keras's own format
        Run summary = cli({QStringLiteral("model"), script, QStringLiteral("--input-shape"), QStringLiteral("5"),
                           QStringLiteral("--format"), QStringLiteral("summary")});
        QVERIFY2(summary.out.startsWith("Model: \"sequential\"\n"), summary.out.constData());
        QVERIFY(summary.out.contains("Trainable params: 147\n"));

        // smoke: synthetic data made to the model, fit()'s epochs and batch size
        Run smoke = cli({QStringLiteral("smoke"), script, QStringLiteral("--input-shape"), QStringLiteral("5"),
                         QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--json")});
        QCOMPARE(smoke.code, 0);
        const QJsonObject r = QJsonDocument::fromJson(smoke.out).object();
        QVERIFY2(!r.isEmpty(), smoke.out.constData());
        QCOMPARE(r.value(QStringLiteral("history")).toArray().size(), 2);
        QCOMPARE(r.value(QStringLiteral("model")).toObject().value(QStringLiteral("params_torch")).toInt(), 147);
        QCOMPARE(r.value(QStringLiteral("options")).toObject().value(QStringLiteral("batch_size")).toInt(), 8);
        QVERIFY(r.value(QStringLiteral("steps_per_second")).toDouble() > 0);
        QStringList names;
        for (const QJsonValue &c : r.value(QStringLiteral("checks")).toArray())
            names << c.toObject().value(QStringLiteral("name")).toString();
        for (const char *check : {"initial_loss", "loss_decreases", "finite", "gradients", "overfit_batch",
                                  "output_shape", "param_count"})
            QVERIFY2(names.contains(QLatin1String(check)), check);
        const QString verdict = r.value(QStringLiteral("verdict")).toString();
        QVERIFY(verdict == QLatin1String("pass") || verdict == QLatin1String("fail"));
        // same seed, same numbers; --steps caps the run
        Run again = cli({QStringLiteral("smoke"), script, QStringLiteral("--input-shape"), QStringLiteral("5"),
                         QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("history")),
                 r.value(QStringLiteral("history")));
        Run steps = cli({QStringLiteral("smoke"), script, QStringLiteral("--input-shape"), QStringLiteral("5"),
                         QStringLiteral("--steps"), QStringLiteral("7"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(steps.out).object().value(QStringLiteral("steps")).toInt(), 7);
        // usage and input errors; nothing written
        QCOMPARE(cli({QStringLiteral("smoke"), script, QStringLiteral("--epochs"), QStringLiteral("2"),
                      QStringLiteral("--steps"), QStringLiteral("3")}).code, 2);
        QCOMPARE(cli({QStringLiteral("smoke"), dir.filePath(QStringLiteral("nope.py"))}).code, 3);
        Run badData = cli({QStringLiteral("smoke"), script, QStringLiteral("--data"), dir.filePath(QStringLiteral("none.csv"))});
        QCOMPARE(badData.code, 3);
        QVERIFY(badData.err.contains("none.csv"));
        QCOMPARE(readFile(script), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 1);
    }

    void smokeTorchScript()
    {
        // A TorchScript module made in C++ (torch::jit::Module::define), trained on digits.
        const QString digits = QStringLiteral(KMW_SHARED_DIR "/data/digits.csv.gz");
        if (!QFileInfo::exists(digits))
            QSKIP("../shared/data is absent");
        QTemporaryDir dir;
        const QString module = dir.filePath(QStringLiteral("mlp.pt"));
        QString error;
        QVERIFY2(kmw::writeTorchScriptFixture(module, 64, 32, 10, &error), qPrintable(error));
        Run run = cli({QStringLiteral("smoke"), QStringLiteral("--torchscript"), module, QStringLiteral("--data"), digits,
                       QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--json")});
        QCOMPARE(run.code, 0);
        const QJsonObject r = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(r.value(QStringLiteral("history")).toArray().size(), 3);
        QCOMPARE(r.value(QStringLiteral("model")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("TorchScript"));
        const QJsonArray history = r.value(QStringLiteral("history")).toArray();
        QVERIFY(history.last().toObject().value(QStringLiteral("loss")).toDouble()
                < history.first().toObject().value(QStringLiteral("loss")).toDouble());
        Run missing = cli({QStringLiteral("smoke"), QStringLiteral("--torchscript"), dir.filePath(QStringLiteral("none.pt")),
                           QStringLiteral("--data"), digits});
        QCOMPARE(missing.code, 3);
        QVERIFY(missing.err.contains("none.pt"));
    }

    void runCompare()
    {
        QTemporaryDir dir;
        const QByteArray script = "from tensorflow.keras.layers import Dense\nimport numpy as np\n"
                                  "print('units', Dense(4).units, np.arange(4).sum())\n";
        QVERIFY(writeFile(dir.filePath(QStringLiteral("train.py")), script));
        QCOMPARE(cli({QStringLiteral("run-compare"), dir.path(), QStringLiteral("--target"), QStringLiteral("tf")}).code, 2);
        const Run missing = cli({QStringLiteral("run-compare"), dir.filePath(QStringLiteral("none"))});
        QCOMPARE(missing.code, 3);
        const Run noPython = cli({QStringLiteral("run-compare"), dir.path(), QStringLiteral("--python"),
                                  dir.filePath(QStringLiteral("no-python"))});
        QCOMPARE(noPython.code, 3);
        QVERIFY(noPython.err.contains("no-python"));
        QString why;
        if (kmw::findFrameworkPython({}, &why).isEmpty())
            QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
        const Run run = cli({QStringLiteral("run-compare"), dir.path(), QStringLiteral("--all"), QStringLiteral("--json")});
        QVERIFY2(run.code == 0, run.err.constData());
        const QJsonArray files = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 1);
        const QJsonObject file = files.first().toObject();
        QCOMPARE(file.value(QStringLiteral("path")).toString(), QStringLiteral("train.py"));
        QCOMPARE(file.value(QStringLiteral("verdict")).toString(), QStringLiteral("pass"));
        const QJsonObject cell = file.value(QStringLiteral("cells")).toArray().first().toObject();
        QCOMPARE(cell.value(QStringLiteral("verdict")).toString(), QStringLiteral("same"));
        QCOMPARE(cell.value(QStringLiteral("migrated")).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("units 4 6\n"));
        QCOMPARE(file.value(QStringLiteral("migrated")).toObject().value(QStringLiteral("framework")).toString(),
                 QStringLiteral("keras3"));
        QVERIFY(run.err.contains("fixes applied in memory"));
        // the script itself is untouched; the result is kept for the GUI and the plan
        QCOMPARE(readFile(dir.filePath(QStringLiteral("train.py"))), script);
        QVERIFY(kmw::loadRunRecords(dir.path()).contains(QStringLiteral("train.py")));
        const Run text = cli({QStringLiteral("run-compare"), dir.path(), QStringLiteral("--all"), QStringLiteral("--target"),
                              QStringLiteral("keras-to-pytorch")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("train.py (keras-to-pytorch): 1 cells: 1 same, 0 migrated-failed"), text.out.constData());
        QVERIFY(text.out.contains("numbers: same within"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

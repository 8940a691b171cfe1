#include "RuleExamples.h"

#include "DocumentReader.h"
#include "FixApplier.h"

namespace kmw {

QVector<RuleExampleResult> runRuleExamples(const RuleEngine &engine)
{
    QVector<RuleExampleResult> results;
    for (const RulePack &pack : engine.packs()) {
        for (const Rule &rule : pack.rules) {
            for (int i = 0; i < rule.examples.size(); ++i) {
                const RuleExample &ex = rule.examples[i];
                RuleExampleResult r{rule.id, i, false, {}};
                Document doc;
                InputError error;
                const bool text = rule.language == QLatin1String("text");
                // A text rule's example is a file named like its first glob.
                const QString name = text ? QString(rule.files.value(0)).remove(QLatin1Char('*')) : QStringLiteral("example.py");
                const bool parsed = text ? parseText(ex.before, name, &doc, &error) : parseScript(ex.before, name, &doc, &error);
                if (!parsed) {
                    r.detail = error.toString();
                    results << r;
                    continue;
                }
                const QVector<Finding> findings = engine.scanRule(rule, doc, name);
                if (ex.noMatch) {
                    r.passed = findings.isEmpty();
                    if (!r.passed)
                        r.detail = QStringLiteral("no_match snippet gave %1 finding(s)").arg(findings.size());
                } else {
                    QVector<AcceptedFix> accepted;
                    for (const Finding &f : findings)
                        if (!f.fixes.isEmpty()) // examples show the first fix, review-only or not
                            accepted << AcceptedFix{f, 0};
                    const ApplyResult applied = applyFixes(doc, accepted);
                    const QByteArray after = applied.newSources.value(0, doc.cells[0].source);
                    r.passed = !findings.isEmpty() && after == ex.after && applied.skipped.isEmpty();
                    if (!r.passed)
                        r.detail = QStringLiteral("%1 finding(s); expected:\n%2\nactual:\n%3")
                                       .arg(findings.size())
                                       .arg(QString::fromUtf8(ex.after), QString::fromUtf8(after));
                }
                results << r;
            }
        }
    }
    return results;
}

} // namespace kmw

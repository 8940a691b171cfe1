// libFuzzer harness for the rule engine: both rule packs scan any Python source or
// notebook (input starting with '{'), and every fixable finding is accepted and applied.
// Properties: no crash (ASan, UBSan), no hang past libFuzzer's -timeout, every finding
// lies inside its cell, and the fixes give a source for changed cells only.
// Build and run with tests/fuzz/run.sh.

#include "DocumentReader.h"
#include "FixApplier.h"
#include "FuzzAssert.h"
#include "RulePack.h"
#include "RuleEngine.h"

#include <cstdint>

namespace {

const kmw::RuleEngine &engine()
{
    static const kmw::RuleEngine e = [] {
        QVector<kmw::RulePack> packs;
        QVector<kmw::InputError> errors;
        kmw::loadRulePacks({QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}, &packs, &errors);
        FUZZ_ASSERT_TRUE(errors.isEmpty() && packs.size() == 2);
        return kmw::RuleEngine(packs);
    }();
    return e;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kmw::Document doc;
    if (!readFuzzInput(data, size, &doc))
        return 0;
    const QVector<kmw::Finding> findings = engine().scan(doc, QStringLiteral("fuzz.py"));
    QVector<kmw::AcceptedFix> accepted;
    for (const kmw::Finding &f : findings) {
        FUZZ_ASSERT_TRUE(f.cell >= 0 && f.cell < doc.cells.size());
        const qsizetype length = doc.cells[f.cell].source.size();
        FUZZ_ASSERT_TRUE(f.range.begin >= 0 && f.range.begin <= f.range.end && f.range.end <= length);
        if (f.fixable())
            accepted.append(kmw::AcceptedFix{f, 0});
    }
    const kmw::ApplyResult result = kmw::applyFixes(doc, accepted);
    for (auto it = result.newSources.cbegin(); it != result.newSources.cend(); ++it)
        FUZZ_ASSERT_TRUE(it.key() >= 0 && it.key() < doc.cells.size());
    return 0;
}

// libFuzzer harness for the model extractor: any Python source or notebook (input
// starting with '{') is read and every model in it extracted, with and without symbolic
// data shapes, and the values its outputs show collected. Properties: no crash (ASan,
// UBSan), no hang past libFuzzer's -timeout, and an extracted model's counts are not
// negative. Build and run with tests/fuzz/run.sh.

#include "DocumentReader.h"
#include "FuzzAssert.h"
#include "ModelExtractor.h"
#include "OutputEvidence.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kmw::Document doc;
    if (!readFuzzInput(data, size, &doc))
        return 0;
    kmw::outputEvidence(doc);
    kmw::ExtractOptions options;
    const kmw::ExtractResult first = kmw::extractModel(doc, options);
    if (first.ok) {
        FUZZ_ASSERT_TRUE(first.model.paramsKeras >= 0);
        FUZZ_ASSERT_TRUE(first.model.paramsTorch >= 0);
    }
    // Every other model variable seen, and the symbolic form code generation uses.
    for (const QString &name : first.candidates) {
        options.modelName = name;
        kmw::extractModel(doc, options);
    }
    options.modelName.clear();
    options.symbolicDataShapes = true;
    kmw::extractModel(doc, options);
    return 0;
}

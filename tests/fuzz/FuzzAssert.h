#pragma once
// What the libFuzzer harnesses share: the property check (a failed property is a crash
// that libFuzzer records with the input that caused it) and reading an input.

#include "DocumentReader.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_ASSERT_TRUE(condition)                                                        \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "property failed: %s\n", #condition);                    \
            std::abort();                                                                  \
        }                                                                                  \
    } while (false)

/// The fuzz input as a document: a notebook when it starts with '{', else a script.
/// False when it cannot be read (which is not a failure).
inline bool readFuzzInput(const uint8_t *data, size_t size, kmw::Document *doc)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    kmw::InputError error;
    return bytes.startsWith('{') ? kmw::parseNotebook(bytes, QStringLiteral("fuzz.ipynb"), doc, &error)
                                 : kmw::parseScript(bytes, QStringLiteral("fuzz.py"), doc, &error);
}

#pragma once
// The property check of the libFuzzer harnesses: a failed property is a crash that
// libFuzzer records with the input that caused it.

#include <cstdio>
#include <cstdlib>

#define FUZZ_ASSERT_TRUE(condition)                                                        \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "property failed: %s\n", #condition);                    \
            std::abort();                                                                  \
        }                                                                                  \
    } while (false)

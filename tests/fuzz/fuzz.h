/* fuzz.h: what the libFuzzer harnesses of tests/fuzz/ share.  A harness is
 * one file fuzz_<reader>.c defining LLVMFuzzerTestOneInput, its seed corpus
 * tests/fuzz/corpus/<reader>/, and its name in the `fuzzers` list of
 * tests/fuzz/meson.build; tests/fuzz/run.sh builds and runs every one. */
#ifndef OPTREF_FUZZ_H
#define OPTREF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated string (NULs inside end it early), or NULL
 * when it holds a run of more than `digits` decimal digits: sizes such as
 * quad:n=10^9 or logistic:d=700 are legitimate (no fixed caps) but would make the fuzzer
 * measure allocation, not parsing.  Free it. */
static inline char *fuzz_string(const uint8_t *data, size_t size, int digits)
{
    int run = 0;
    for (size_t i = 0; i < size; i++) {
        run = data[i] >= '0' && data[i] <= '9' ? run + 1 : 0;
        if (run > digits)
            return NULL;
    }
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* The input as a stream for a line reader (lineread.h): bytes as they are,
 * NULs included.  fclose it. */
static inline FILE *fuzz_stream(const uint8_t *data, size_t size)
{
    return fmemopen(size ? (void *)data : (void *)"", size, "rb");
}

#endif

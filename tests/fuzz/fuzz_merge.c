/* fuzz_merge.c: the shard reports `optref verify-step --merge` reads
 * (cli/vstep_merge.c: JSON through jansson, the mixed-precision sections with
 * their exact sums).  The input is two reports separated by a NUL byte (one
 * report, given twice, when there is none); each is written to a file and the
 * two are merged.  Errors are a non-zero status, never a crash.  Unlike the
 * other harnesses this one does not count the lines of a message: --merge
 * writes them to stderr itself (cli/common.c's die), where the sanitizers'
 * reports go too; the texts that come from the file are made printable there. */
#ifndef _GNU_SOURCE /* also given by tests/fuzz/meson.build */
#define _GNU_SOURCE
#endif
#include <unistd.h>

#include "fuzz.h"
#include "vstep_merge.h"

static void put(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char a[64], b[64];
    if (!*a) {
        snprintf(a, sizeof a, "/tmp/fuzz-merge-%ld-a.json", (long)getpid());
        snprintf(b, sizeof b, "/tmp/fuzz-merge-%ld-b.json", (long)getpid());
        if (!freopen("/dev/null", "w", stdout)) /* the merged verdict */
            return 0;
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t na = nul ? (size_t)(nul - data) : size;
    put(a, data, na);
    put(b, nul ? nul + 1 : data, nul ? size - na - 1 : size);
    const char *paths[] = { a, b };
    vstep_merge(2, paths, NULL);
    return 0;
}

/* fuzz_vsrows.c: trajectory files of `optref verify-step --rows` (a verify
 * candidate CSV or a golden file, ref/oracle/vstep_rows.c): the first byte
 * picks t (1 to 4) and the format the values are read in (verify's rule,
 * ref/core/fmtread.h); rows that read are then written as .npy files.  Errors are one line; a file that reads has its row t. */
#ifndef _GNU_SOURCE /* also given by tests/fuzz/meson.build */
#define _GNU_SOURCE
#endif
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "vstep_rows.h"

static void clear(const char *dir)
{
    static const char *const names[] = { "x", "g", "m", "v", "b1t", "eta", "s" };
    char p[128];
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        snprintf(p, sizeof p, "%s/%s.npy", dir, names[k]);
        unlink(p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const optref_format *fmts[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                           &optref_binary16 };
    static char before[64], after[64];
    if (!*before) {
        snprintf(before, sizeof before, "/tmp/fuzz-vsrows-%ld-b", (long)getpid());
        snprintf(after, sizeof after, "/tmp/fuzz-vsrows-%ld-a", (long)getpid());
        mkdir(before, 0700);
        mkdir(after, 0700);
    }
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
    if (!f)
        return 0;
    optref_lines rd;
    optref_vsrows r;
    char err[2048];
    optref_lines_from(&rd, f, "fuzz", 4096);
    const optref_format *fmt = fmts[data[0] >> 2 & 3];
    if (optref_vsrows_read(&rd, 1 + (data[0] & 3), fmt, &r, err, sizeof err) == OPTREF_SUCCESS) {
        if (r.line[1] <= 0)
            abort();
        if (optref_vsrows_write(&r, before, after, err, sizeof err) != OPTREF_SUCCESS &&
            strchr(err, '\n'))
            abort();
        optref_vsrows_free(&r);
        clear(before);
        clear(after);
    } else if (strchr(err, '\n'))
        abort();
    optref_lines_close(&rd);
    fclose(f);
    return 0;
}

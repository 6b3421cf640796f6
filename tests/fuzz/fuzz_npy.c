/* fuzz_npy.c: NumPy .npy files (ref/oracle/npy.c): the header parser on the
 * bytes as a header, then the whole reader on the bytes as a file.  Errors
 * are one line; a file that opens holds exactly its shape's values. */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "fuzz.h"
#include "npy.h"

static void whole_file(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!*path)
        snprintf(path, sizeof path, "/tmp/fuzz-npy-%ld.npy", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    optref_npy a;
    char err[1024];
    if (optref_npy_open(&a, path, (int)(size & 1), err, sizeof err) == OPTREF_SUCCESS) {
        if (a.data_off + (long long)(a.count * a.itemsize) != (long long)size)
            abort(); /* the data are exactly the shape's */
        double v[64];
        for (size_t i = 0; i < a.count; i += 64) {
            size_t n = a.count - i < 64 ? a.count - i : 64;
            if (optref_npy_read(&a, i, n, v, err, sizeof err) != OPTREF_SUCCESS)
                abort();
        }
    } else if (strchr(err, '\n'))
        abort();
    optref_npy_close(&a);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    optref_npy a;
    char err[1024];
    memset(&a, 0, sizeof a);
    optref_status st = optref_npy_parse_header(&a, (const char *)data, size, (int)(size & 1), err, sizeof err);
    if (st == OPTREF_SUCCESS && !(a.itemsize == 2 || a.itemsize == 4 || a.itemsize == 8))
        abort();
    if (st != OPTREF_SUCCESS && strchr(err, '\n'))
        abort();
    free(a.shape);
    whole_file(data, size);
    return 0;
}

/* fuzz_csv.c: candidate CSV files of `optref verify`, judged against a 3-step
 * Adam case; the first byte picks the format and the mode. */
#ifndef _GNU_SOURCE /* also given by tests/fuzz/meson.build */
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static optref_case c;
    static const optref_format *fmts[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                           &optref_binary16 };
    char err[2048], path[64];
    if (!c.s) {
        char e[256];
        if (optref_case_parse("c adam standard quad-0.1-2 3 alpha=0.1", &c, e, sizeof e) != OPTREF_SUCCESS)
            abort();
    }
    if (size == 0)
        return 0;
    int fd = memfd_create("fuzz.csv", 0);
    if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    optref_vopts o = { .c = &c, .fmt = fmts[data[0] & 3], .want = { !(data[0] & 8), !(data[0] & 4) },
                       .tol = { 4, 4 }, .steps = 3, .first_steps = data[0] >> 7, .max_report = 20 };
    if (!o.want[0] && !o.want[1])
        o.want[0] = 1;
    optref_vreport r;
    if (optref_verify(path, &o, &r, err, sizeof err) != OPTREF_SUCCESS && strchr(err, '\n'))
        abort();
    optref_vreport_free(&r);
    close(fd);
    return 0;
}

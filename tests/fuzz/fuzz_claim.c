/* fuzz_claim.c: candidate CSV files of `optref check CLAIM FILE`, judged by
 * the adagrad-regret claim (one coordinate, so every row is cheap). */
#ifndef _GNU_SOURCE /* also given by tests/fuzz/meson.build */
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "theory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[2048] = "", path[64];
    int fd = memfd_create("fuzz.csv", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    optref_treport r;
    if (optref_claim_check_file(&optref_claim_adagrad_regret, path, &r, err, sizeof err) != OPTREF_SUCCESS &&
        strchr(err, '\n'))
        abort();
    close(fd);
    return 0;
}

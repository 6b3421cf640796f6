/* parse_only.c: the baseline for `optref verify`'s speed: read a CSV with
 * getline and convert every field with strtod, nothing else.  Prints MB/s. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_parse FILE.csv\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    double bytes = 0, sum = 0;
    long values = 0;
    if (getline(&line, &cap, f) > 0) /* header */
        bytes += (double)strlen(line);
    while ((n = getline(&line, &cap, f)) > 0) {
        bytes += (double)n;
        for (char *p = line, *end;; p = end + 1) {
            sum += strtod(p, &end);
            values++;
            if (*end != ',')
                break;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    printf("parse only: %.1f MB, %ld values in %.2f s: %.1f MB/s (checksum %g)\n", bytes / 1e6, values,
           s, bytes / 1e6 / s, sum);
    free(line);
    fclose(f);
    return 0;
}

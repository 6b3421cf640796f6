/* common.c: helpers the commands share. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int die(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "optref %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

int is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *default_spec(void)
{
    static char path[4096];
    if (is_dir("golden") && access("golden/cases.in", R_OK) == 0)
        return "golden/cases.in";
    snprintf(path, sizeof path, "%s/golden/cases.in", OPTREF_SOURCE_ROOT);
    return path;
}

int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb ? 1 : fa ? 0 : -1;
    char ba[1 << 15], bb[1 << 15];
    while (same == 1) {
        size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
        if (na != nb || memcmp(ba, bb, na) != 0 || ferror(fa) || ferror(fb))
            same = 0;
        else if (na == 0)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

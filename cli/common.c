/* common.c: helpers the commands share. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
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

int same_inode(const char *a, const char *b)
{
    struct stat sa, sb;
    return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *output_refused(const char *path, int force, const char *const *inputs, size_t n, char *buf,
                           size_t len)
{
    struct stat st;
    for (size_t k = 0; k < n; k++)
        if (inputs[k] && same_inode(path, inputs[k]))
            return snprintf(buf, len, "that is an input (%s); refusing to write over it", inputs[k]), buf;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return snprintf(buf, len, "is a directory"), buf;
    if (!force && stat(path, &st) == 0)
        return snprintf(buf, len, "exists; not replaced (use --force)"), buf;
    return NULL;
}

FILE *out_begin(const char *path, char *tmp, size_t len)
{
    snprintf(tmp, len, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (fd >= 0 && !f) {
        close(fd);
        unlink(tmp);
    }
    return f;
}

int out_commit(FILE *f, const char *tmp, const char *path)
{
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (!bad && rename(tmp, path) == 0)
        return 0;
    int e = errno;
    unlink(tmp);
    errno = e;
    return -1;
}

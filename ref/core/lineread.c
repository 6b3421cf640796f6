/* lineread.c: the bounded line reader (lineread.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lineread.h"

#define CHUNK ((size_t)1 << 16)

char *optref_visible(char *dst, size_t dstlen, const char *s, size_t n)
{
    size_t o = 0;
    if (dstlen < 8)
        return dstlen ? (*dst = '\0', dst) : dst;
    for (size_t i = 0; n == (size_t)-1 ? s[i] != '\0' : i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c >= 0x20 && c < 0x7f ? 1 : 4;
        if (o + k + 4 > dstlen) { /* keep room for "..." and the NUL */
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        if (k == 1)
            dst[o++] = (char)c;
        else
            o += (size_t)snprintf(dst + o, dstlen - o, "\\x%02X", c);
    }
    dst[o] = '\0';
    return dst;
}

void optref_err_visible(char *err, size_t errlen)
{
    char buf[2048];
    size_t n = strnlen(err, errlen);
    int plain = 1;
    for (size_t i = 0; i < n; i++)
        plain &= (unsigned char)err[i] >= 0x20 && (unsigned char)err[i] < 0x7f;
    if (plain || errlen == 0)
        return;
    optref_visible(buf, sizeof buf < errlen ? sizeof buf : errlen, err, n);
    memcpy(err, buf, strlen(buf) + 1);
}

void optref_lines_from(optref_lines *rd, FILE *f, const char *name, size_t max)
{
    memset(rd, 0, sizeof *rd);
    rd->f = f;
    rd->path = name;
    rd->max = max;
}

int optref_lines_open(optref_lines *rd, const char *path, size_t max, char *err, size_t errlen)
{
    int in = strcmp(path, "-") == 0;
    FILE *f = in ? stdin : fopen(path, "rb");
    optref_lines_from(rd, f, in ? "<stdin>" : path, max);
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    rd->own = !in;
    return 0;
}

void optref_lines_close(optref_lines *rd)
{
    if (rd->f && rd->own)
        fclose(rd->f);
    free(rd->chunk);
    free(rd->line);
    rd->f = NULL;
    rd->chunk = rd->line = NULL;
}

/* Appends k bytes to the line of length len (len + k <= max + 1). */
static int append(optref_lines *rd, size_t len, const char *src, size_t k)
{
    if (len + k + 1 > rd->cap) {
        size_t cap = rd->cap ? rd->cap : 256;
        while (cap < len + k + 1)
            cap *= 2;
        if (cap > rd->max + 2)
            cap = rd->max + 2;
        char *nl = realloc(rd->line, cap);
        if (!nl)
            return -1;
        rd->line = nl;
        rd->cap = cap;
    }
    memcpy(rd->line + len, src, k);
    return 0;
}

/* Reads the next chunk; 1 if bytes came, 0 at end, -1 on error. */
static int refill(optref_lines *rd)
{
    if (rd->eof)
        return 0;
    if (!rd->chunk && !(rd->chunk = malloc(CHUNK)))
        return -1;
    rd->pos = 0;
    rd->fill = fread(rd->chunk, 1, CHUNK, rd->f);
    if (rd->fill == 0) {
        rd->eof = 1;
        return ferror(rd->f) ? -1 : 0;
    }
    return 1;
}

static int fail(optref_lines *rd, char *err, size_t errlen, const char *fmt, size_t col)
{
    if (col)
        snprintf(err, errlen, "%s:%ld:%zu: %s", rd->path, rd->lineno, col, fmt);
    else
        snprintf(err, errlen, "%s:%ld: %s", rd->path, rd->lineno, fmt);
    rd->eof = 1; /* nothing more is read after an error */
    return -1;
}

/* The line's checks: length, NUL, byte order mark. */
static int check_line(optref_lines *rd, size_t len, char *err, size_t errlen)
{
    char msg[160];
    const char *nul = memchr(rd->line, '\0', len);
    if (nul)
        return fail(rd, err, errlen, "NUL byte (\\x00): not a text file", (size_t)(nul - rd->line) + 1);
    if (rd->lineno == 1 && len >= 3 && memcmp(rd->line, "\xEF\xBB\xBF", 3) == 0) {
        snprintf(msg, sizeof msg, "invisible byte order mark \\xEF\\xBB\\xBF at the start: save the file "
                                  "as UTF-8 without BOM");
        return fail(rd, err, errlen, msg, 1);
    }
    return 0;
}

static int too_long(optref_lines *rd, char *err, size_t errlen)
{
    char msg[128];
    snprintf(msg, sizeof msg, "line longer than the limit of %zu bytes (1 MiB); not read further", rd->max);
    return fail(rd, err, errlen, msg, 0);
}

int optref_lines_next(optref_lines *rd, char **line, size_t *len, char *err, size_t errlen)
{
    size_t n = 0;
    int any = 0;
    for (;;) {
        if (rd->pos == rd->fill) {
            int got = refill(rd);
            if (got < 0) {
                rd->lineno++;
                return fail(rd, err, errlen, rd->chunk ? "read error" : "out of memory", 0);
            }
            if (got == 0 && !any)
                return 0;
            if (got == 0)
                break;
        }
        any = 1;
        const char *start = rd->chunk + rd->pos;
        const char *nl = memchr(start, '\n', rd->fill - rd->pos);
        size_t k = nl ? (size_t)(nl - start) : rd->fill - rd->pos;
        if (n + k > rd->max + 1) { /* one more for the "\r" of "\r\n" */
            rd->lineno++;
            return too_long(rd, err, errlen);
        }
        if (append(rd, n, start, k) != 0) {
            rd->lineno++;
            return fail(rd, err, errlen, "out of memory", 0);
        }
        n += k;
        rd->pos += k + (nl != NULL);
        rd->bytes += (double)(k + (nl != NULL));
        if (nl)
            break;
    }
    rd->lineno++;
    if (n > 0 && rd->line[n - 1] == '\r')
        n--;
    if (n > rd->max)
        return too_long(rd, err, errlen);
    rd->line[n] = '\0';
    if (check_line(rd, n, err, errlen) != 0)
        return -1;
    *line = rd->line;
    *len = n;
    return 1;
}

size_t optref_csv_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    for (char *p = line;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (n < max)
            fields[n] = p;
        n++;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

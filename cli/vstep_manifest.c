/* vstep_manifest.c: the manifest of `optref verify-step --manifest FILE`:
 * the layers of a model, one per line, each judged as a whole
 * (doc/verify-step.md):
 *
 *   # name        shape   before-dir            after-dir
 *   fc1.weight    64x32   before/fc1.weight     after/fc1.weight
 *   fc1.bias      64      before/fc1.bias       after/fc1.bias
 *
 * shape is ROWSxCOLS or N (N×1); a directory holds that layer's .npy files as
 * --before/--after do; a relative path is taken from the manifest's own
 * directory.  '#' starts a comment; blank lines are skipped.  Read through the
 * bounded line reader; errors are "path:line: what", one line. */
#define _POSIX_C_SOURCE 200809L
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optref.h"
#include "vstep_manifest.h"
#include "lineread.h"

void vstep_manifest_free(vs_layer *l, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(l[k].name);
        free(l[k].before);
        free(l[k].after);
    }
    free(l);
}

/* ROWSxCOLS or N, whole numbers >= 1 whose product fits. */
static int parse_shape(const char *s, size_t *rows, size_t *cols)
{
    char buf[64];
    long r, c = 1;
    const char *x = strchr(s, 'x');
    if (strlen(s) >= sizeof buf)
        return -1;
    snprintf(buf, sizeof buf, "%.*s", x ? (int)(x - s) : (int)strlen(s), s);
    if (optref_parse_long(buf, 1, 1L << 40, &r) != OPTREF_SUCCESS ||
        (x && optref_parse_long(x + 1, 1, 1L << 40, &c) != OPTREF_SUCCESS) || (size_t)r > ((size_t)1 << 48) / (size_t)c)
        return -1;
    *rows = (size_t)r;
    *cols = (size_t)c;
    return 0;
}

static char *resolve(const char *dir, const char *p)
{
    size_t len = strlen(dir) + strlen(p) + 2;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s%s%s", p[0] == '/' ? "" : dir, p[0] == '/' ? "" : "/", p);
    return s;
}

/* One line's layer: 0, or -1 with why. */
static int parse_layer(char *line, const char *dir, vs_layer *L, const vs_layer *prev, size_t n, char *why,
                       size_t len)
{
    char *tok[5], *save = NULL, vis[200];
    size_t nt = 0;
    for (char *p = strtok_r(line, " \t\r", &save); p; p = strtok_r(NULL, " \t\r", &save))
        if (nt < 5)
            tok[nt++] = p;
        else
            nt++;
    if (nt != 4)
        return snprintf(why, len, "%zu fields; a layer is: name shape before-dir after-dir", nt), -1;
    if (parse_shape(tok[1], &L->rows, &L->cols) != 0)
        return snprintf(why, len, "shape '%s' is not ROWSxCOLS or N (whole numbers >= 1)",
                        optref_visible(vis, sizeof vis, tok[1], (size_t)-1)), -1;
    for (size_t k = 0; k < n; k++)
        if (strcmp(prev[k].name, tok[0]) == 0)
            return snprintf(why, len, "layer '%s' named twice", optref_visible(vis, sizeof vis, tok[0], (size_t)-1)),
                   -1;
    L->name = strdup(tok[0]);
    L->before = resolve(dir, tok[2]);
    L->after = resolve(dir, tok[3]);
    if (!L->name || !L->before || !L->after)
        return snprintf(why, len, "out of memory"), -1;
    return 0;
}

int vstep_manifest_read(const char *path, vs_layer **out, size_t *n, char *err, size_t errlen)
{
    optref_lines rd;
    char *line, why[512], *pdup = strdup(path);
    size_t len, cap = 0;
    int got = 0;
    *out = NULL;
    *n = 0;
    if (!pdup)
        return snprintf(err, errlen, "out of memory"), -1;
    if (optref_lines_open(&rd, path, OPTREF_LINE_MAX, err, errlen) != 0)
        return free(pdup), -1;
    const char *dir = dirname(pdup);
    while ((got = optref_lines_next(&rd, &line, &len, err, errlen)) > 0) {
        line[strcspn(line, "#")] = '\0';
        if (line[strspn(line, " \t\r")] == '\0')
            continue;
        if (*n == cap) {
            vs_layer *nl = realloc(*out, (cap = cap ? 2 * cap : 8) * sizeof *nl);
            if (!nl) {
                snprintf(err, errlen, "%s: out of memory", path);
                got = -1;
                break;
            }
            *out = nl;
        }
        (*out)[*n] = (vs_layer){ 0 };
        int bad = parse_layer(line, dir, &(*out)[*n], *out, *n, why, sizeof why);
        (*n)++;
        if (bad) {
            snprintf(err, errlen, "%s:%ld: %s", rd.path, rd.lineno, why);
            got = -1;
            break;
        }
    }
    if (got == 0 && *n == 0) {
        snprintf(err, errlen, "%s: no layers (a layer is: name shape before-dir after-dir)", rd.path);
        got = -1;
    }
    optref_lines_close(&rd);
    free(pdup);
    if (got < 0) {
        vstep_manifest_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return got < 0 ? -1 : 0;
}

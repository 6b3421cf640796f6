/* vstep_rows.c: verify-step's inputs from a trajectory file: a verify
 * candidate CSV (doc/verify.md: header "t,x[0],...,m[0],...", one row per step)
 * or a golden file (doc/golden-format.md: a header, then "t name hex decimal"
 * records).  Rows t − 1 and t are kept, the rest skipped, and reading stops
 * after row t; every line goes through the bounded line reader
 * (OPTREF_LINE_MAX), so memory is two rows.  The rows then become the .npy
 * files verify-step reads (before/: row t − 1 and row t's gradient g, the one
 * update t used; after/: row t), in the candidate's format F.  Each value is
 * read as `optref verify` reads it (ref/core/fmtread.h): rounded to F once,
 * from its text.  Errors are one line, "path:line: what" (doc/verify-step.md,
 * "From a trajectory file"). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmtread.h"
#include "vstep_rows.h"

void optref_vsrows_free(optref_vsrows *r)
{
    for (size_t k = 0; k < r->nq; k++)
        free(r->q[k].name);
    for (size_t k = 0; k < r->nitems; k++)
        free(r->items[k]);
    for (int p = 0; p < 2; p++) {
        free(r->row[p]);
        free(r->have[p]);
    }
    free(r->q);
    free(r->items);
    free(r->col_q);
    free(r->col_i);
    free(r->path);
    memset(r, 0, sizeof *r);
}

/* "x[12]" → x, 12, vector; "b1t" → b1t, scalar.  0, or -1: not a column name. */
static int split_name(const char *s, char *base, size_t blen, size_t *idx, int *vector)
{
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_')
        n++;
    if (n == 0 || n >= blen)
        return -1;
    memcpy(base, s, n);
    base[n] = '\0';
    *vector = s[n] == '[';
    if (!*vector)
        return s[n] ? -1 : 0;
    long i;
    char num[24];
    const char *close = strchr(s + n, ']');
    if (!close || close[1] || (size_t)(close - s - n - 1) >= sizeof num)
        return -1;
    snprintf(num, sizeof num, "%.*s", (int)(close - s - n - 1), s + n + 1);
    if (optref_parse_long(num, 0, 1L << 40, &i) != OPTREF_SUCCESS)
        return -1;
    *idx = (size_t)i;
    return 0;
}

static long find_q(const optref_vsrows *r, const char *name)
{
    for (size_t k = 0; k < r->nq; k++)
        if (strcmp(r->q[k].name, name) == 0)
            return (long)k;
    return -1;
}

/* One column: its quantity (added when new) and index. */
static int add_column(optref_vsrows *r, size_t c, const char *col, char *why, size_t wlen)
{
    char base[64], vis[96];
    size_t idx = 0;
    int vector;
    if (split_name(col, base, sizeof base, &idx, &vector) != 0)
        return snprintf(why, wlen, "column '%s' is not NAME or NAME[i]", optref_visible(vis, sizeof vis, col,
                                                                                           (size_t)-1)), -1;
    long q = find_q(r, base);
    if (q >= 0 && r->q[q].vector != vector)
        return snprintf(why, wlen, "column '%s': %s is both a vector and a number", col, base), -1;
    if (q < 0) {
        optref_vsrow_q *nq = realloc(r->q, (r->nq + 1) * sizeof *nq);
        if (nq)
            r->q = nq;
        char *name = nq ? strdup(base) : NULL;
        if (!name)
            return snprintf(why, wlen, "out of memory"), -1;
        r->q[r->nq] = (optref_vsrow_q){ name, vector, 0 };
        q = (long)r->nq++;
    }
    r->q[q].n++;
    r->col_q[c] = (size_t)q;
    r->col_i[c] = idx;
    return 0;
}

/* Each vector's columns are name[0] .. name[n − 1], each once. */
static int check_indices(const optref_vsrows *r, char *why, size_t wlen)
{
    for (size_t q = 0; q < r->nq; q++) {
        if (!r->q[q].vector && r->q[q].n != 1)
            return snprintf(why, wlen, "column '%s' given %zu times", r->q[q].name, r->q[q].n), -1;
        unsigned char *seen = r->q[q].vector ? calloc(r->q[q].n, 1) : NULL;
        if (r->q[q].vector && !seen)
            return snprintf(why, wlen, "out of memory"), -1;
        for (size_t c = 0; seen && c < r->ncol; c++) {
            if (r->col_q[c] != q)
                continue;
            if (r->col_i[c] >= r->q[q].n || seen[r->col_i[c]]) {
                snprintf(why, wlen, "column %s[%zu]: %s needs %s[0] .. %s[%zu], each once (every coordinate)",
                         r->q[q].name, r->col_i[c], r->q[q].name, r->q[q].name, r->q[q].name, r->q[q].n - 1);
                free(seen);
                return -1;
            }
            seen[r->col_i[c]] = 1;
        }
        free(seen);
    }
    return 0;
}

/* The columns (without "t"): quantities, indices, the two rows. */
static int make_columns(optref_vsrows *r, char **cols, size_t n, char *why, size_t wlen)
{
    r->ncol = n;
    r->col_q = malloc((n ? n : 1) * sizeof *r->col_q);
    r->col_i = malloc((n ? n : 1) * sizeof *r->col_i);
    for (int p = 0; p < 2; p++) {
        r->row[p] = malloc((n ? n : 1) * sizeof *r->row[p]);
        r->have[p] = calloc(n ? n : 1, 1);
    }
    if (!r->col_q || !r->col_i || !r->row[0] || !r->row[1] || !r->have[0] || !r->have[1])
        return snprintf(why, wlen, "out of memory"), -1;
    for (size_t c = 0; c < n; c++)
        if (add_column(r, c, cols[c], why, wlen) != 0)
            return -1;
    return check_indices(r, why, wlen);
}

/* ---- the CSV --------------------------------------------------------------- */

static int csv_header(optref_vsrows *r, char *line, size_t *tcol, char *why, size_t wlen)
{
    size_t n = 1; /* the fields: one more than the commas (optref_csv_split splits in place) */
    for (const char *c = strchr(line, ','); c; c = strchr(c + 1, ','))
        n++;
    char **f = malloc((n ? n : 1) * sizeof *f), **cols = malloc((n ? n : 1) * sizeof *cols);
    int rc = f && cols ? 0 : (snprintf(why, wlen, "out of memory"), -1);
    size_t nc = 0;
    *tcol = (size_t)-1;
    if (!rc)
        optref_csv_split(line, f, n);
    for (size_t k = 0; !rc && k < n; k++)
        if (strcmp(f[k], "t") == 0 && *tcol == (size_t)-1)
            *tcol = k;
        else
            cols[nc++] = f[k];
    if (!rc && *tcol == (size_t)-1)
        rc = (snprintf(why, wlen, "the header has no column 't'"), -1);
    if (!rc)
        rc = make_columns(r, cols, nc, why, wlen);
    free(f);
    free(cols);
    return rc;
}

/* Column c's text fl into row p, as F holds it (verify's rule, fmtread.h). */
static int put_value(optref_vsrows *r, int p, size_t c, const char *fl, char *why, size_t wlen)
{
    char what[256];
    const optref_vsrow_q *q = &r->q[r->col_q[c]];
    optref_fr code = optref_fr_read(fl, r->fmt, r->digits, r->scratch, &r->row[p][c]);
    if (code == OPTREF_FR_OK)
        return r->have[p][c] = 1, 0;
    optref_fr_why(code, fl, r->fmt, r->digits, r->row[p][c], what, sizeof what);
    if (q->vector)
        return snprintf(why, wlen, "%s[%zu]: %s", q->name, r->col_i[c], what), -1;
    return snprintf(why, wlen, "%s: %s", q->name, what), -1;
}

/* A data row's fields into row p (an empty field: absent). */
static int csv_values(optref_vsrows *r, char **f, size_t n, size_t tcol, int p, char *why, size_t wlen)
{
    for (size_t k = 0, c = 0; k < n; k++) {
        if (k == tcol)
            continue;
        if (*f[k] && put_value(r, p, c, f[k], why, wlen) != 0)
            return -1;
        c++;
    }
    return 0;
}

/* One data row: 1 when row t was stored (stop), 0 to go on, -1 on error. */
static int csv_row(optref_vsrows *r, char *line, char **f, size_t tcol, long lineno, char *why, size_t wlen)
{
    size_t n = optref_csv_split(line, f, r->ncol + 1);
    long t;
    if (n != r->ncol + 1)
        return snprintf(why, wlen, "%zu fields, the header has %zu", n, r->ncol + 1), -1;
    if (optref_parse_long(f[tcol], 0, 1L << 62, &t) != OPTREF_SUCCESS)
        return snprintf(why, wlen, "t is not a step number"), -1;
    if (t > r->t)
        return snprintf(why, wlen, "t=%ld after t=%ld: no row t=%ld", t, r->t - 1, r->t), -1;
    if (t < r->t - 1)
        return 0;
    int p = (int)(t - (r->t - 1));
    if (r->line[p])
        return snprintf(why, wlen, "a second row t=%ld", t), -1;
    r->line[p] = lineno;
    return csv_values(r, f, n, tcol, p, why, wlen) != 0 ? -1 : p == 1;
}

static int read_csv(optref_vsrows *r, optref_lines *rd, char *line, char *err, size_t errlen)
{
    char why[512] = "";
    size_t tcol, len;
    char **f = NULL;
    int got = csv_header(r, line, &tcol, why, sizeof why);
    if (got == 0 && !(f = malloc((r->ncol + 1) * sizeof *f)))
        got = (snprintf(why, sizeof why, "out of memory"), -1);
    while (got == 0 && (got = optref_lines_next(rd, &line, &len, err, errlen)) > 0)
        got = csv_row(r, line, f, tcol, rd->lineno, why, sizeof why);
    free(f);
    if (got < 0 && *why) /* else the line reader's error, already in err */
        snprintf(err, errlen, "%s:%ld: %s", rd->path, rd->lineno, why);
    return got;
}

/* ---- the golden file --------------------------------------------------------- */

static int golden_item(optref_vsrows *r, const char *name, const char *value)
{
    char **ni = realloc(r->items, (r->nitems + 1) * sizeof *ni);
    size_t len = strlen(name) + strlen(value) + 2;
    if (!ni)
        return -1;
    r->items = ni;
    if (!(r->items[r->nitems] = malloc(len)))
        return -1;
    snprintf(r->items[r->nitems++], len, "%s=%s", name, value);
    return 0;
}

/* "columns a b ...": the tokens after "columns" (a, b, then the rest of save). */
static int golden_columns(optref_vsrows *r, char *a, char *b, char **save, char *why, size_t wlen)
{
    char **all = NULL;
    size_t n = 0;
    if (r->ncol)
        return snprintf(why, wlen, "a second columns line"), -1;
    for (char *c = a; c; c = n == 1 ? b : strtok_r(NULL, " \t", save)) {
        char **na = realloc(all, (n + 1) * sizeof *na);
        if (!na)
            return free(all), snprintf(why, wlen, "out of memory"), -1;
        all = na;
        all[n++] = c;
    }
    int rc = n ? make_columns(r, all, n, why, wlen) : (snprintf(why, wlen, "an empty columns line"), -1);
    free(all);
    return rc;
}

/* A header line; 1 at end-header. */
static int golden_header(optref_vsrows *r, char *line, char *why, size_t wlen)
{
    char *save = NULL, *key = strtok_r(line, " \t", &save), *a = key ? strtok_r(NULL, " \t", &save) : NULL;
    char *b = a ? strtok_r(NULL, " \t", &save) : NULL;
    if (!key || key[0] == '#')
        return 0;
    if (strcmp(key, "end-header") == 0)
        return r->ncol ? 1 : (snprintf(why, wlen, "end-header before the columns line"), -1);
    if ((strcmp(key, "algorithm") == 0 || strcmp(key, "variant") == 0) && a)
        snprintf(key[0] == 'a' ? r->algorithm : r->variant, sizeof r->algorithm, "%s", a);
    else if (strcmp(key, "hp") == 0 && a && b && golden_item(r, a, b) != 0)
        return snprintf(why, wlen, "out of memory"), -1;
    else if (strcmp(key, "columns") == 0)
        return golden_columns(r, a, b, &save, why, wlen);
    return 0;
}

/* The column of record name (linear in the columns from the last one found:
 * records come in the columns' order, so this is one step per record). */
static long golden_column(const optref_vsrows *r, const char *name, size_t *hint)
{
    char base[64];
    size_t idx = 0;
    int vector;
    if (split_name(name, base, sizeof base, &idx, &vector) != 0)
        return -1;
    for (size_t k = 0; k < r->ncol; k++) {
        size_t c = (*hint + k) % r->ncol;
        if (r->q[r->col_q[c]].vector == vector && r->col_i[c] == idx && strcmp(r->q[r->col_q[c]].name, base) == 0)
            return (long)(*hint = c);
    }
    return -1;
}

/* A record "t name hex decimal": 1 past row t (stop), 0 to go on, -1 on error. */
static int golden_record(optref_vsrows *r, char *line, long lineno, size_t *hint, char *why, size_t wlen)
{
    char *save = NULL, *ts = strtok_r(line, " \t", &save), *name = ts ? strtok_r(NULL, " \t", &save) : NULL;
    char *hex = name ? strtok_r(NULL, " \t", &save) : NULL, vis[96];
    long t;
    if (!hex || optref_parse_long(ts, 0, 1L << 62, &t) != OPTREF_SUCCESS)
        return snprintf(why, wlen, "not a record 't name hex decimal'"), -1;
    if (t > r->t)
        return 1;
    if (t < r->t - 1)
        return 0;
    int p = (int)(t - (r->t - 1));
    long c = golden_column(r, name, hint);
    if (c < 0)
        return snprintf(why, wlen, "'%s' is not in the columns line",
                        optref_visible(vis, sizeof vis, name, (size_t)-1)), -1;
    if (r->have[p][c])
        return snprintf(why, wlen, "%s at t=%ld twice", name, t), -1;
    if (put_value(r, p, (size_t)c, hex, why, wlen) != 0)
        return -1;
    r->line[p] = r->line[p] ? r->line[p] : lineno;
    return 0;
}

static int read_golden(optref_vsrows *r, optref_lines *rd, char *err, size_t errlen)
{
    char why[512] = "", *line;
    size_t len, hint = 0;
    int got, body = 0, rc = 0;
    r->golden = 1;
    while (rc == 0 && (got = optref_lines_next(rd, &line, &len, err, errlen)) > 0) {
        if (body)
            rc = golden_record(r, line, rd->lineno, &hint, why, sizeof why);
        else if ((rc = golden_header(r, line, why, sizeof why)) == 1)
            body = 1, rc = 0;
    }
    if (rc < 0)
        return snprintf(err, errlen, "%s:%ld: %s", rd->path, rd->lineno, why), -1;
    if (got < 0)
        return -1;
    if (!body)
        return snprintf(err, errlen, "%s: no end-header line", rd->path), -1;
    return rc == 1 || r->line[1] ? 1 : 0;
}

optref_status optref_vsrows_read(optref_lines *rd, long t, const optref_format *fmt, optref_vsrows *r, char *err,
                                 size_t errlen)
{
    char *line;
    size_t len;
    mpfr_t scratch;
    memset(r, 0, sizeof *r);
    r->t = t;
    if (!(r->path = strdup(rd->path)))
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    mpfr_init2(scratch, (mpfr_prec_t)fmt->prec);
    r->fmt = fmt;
    r->digits = optref_fr_digits(fmt);
    r->scratch = scratch;
    int got = optref_lines_next(rd, &line, &len, err, errlen);
    if (got == 0)
        snprintf(err, errlen, "%s: empty", rd->path);
    if (got > 0)
        got = strncmp(line, "optref-golden ", 14) == 0 ? read_golden(r, rd, err, errlen)
                                                       : read_csv(r, rd, line, err, errlen);
    if (got >= 0 && !r->line[1])
        got = (snprintf(err, errlen, "%s: no row t=%ld%s", rd->path, t, r->line[0] ? "" : " (nor t-1)"), -1);
    mpfr_clear(scratch);
    r->scratch = NULL;
    if (got < 0) {
        optref_err_visible(err, errlen);
        optref_vsrows_free(r);
        return OPTREF_EPARSE;
    }
    return OPTREF_SUCCESS;
}

/* vstep_rows_cli.c: `optref verify-step [ALGORITHM ...] --rows FILE --t T`:
 * before and after from a trajectory file, a verify candidate CSV or a golden
 * file (ref/oracle/vstep_rows.c), written as .npy files into a temporary
 * directory that verify-step then reads, removed after.  A golden file names
 * its algorithm, variant and hyper-parameters: used when ALGORITHM is not
 * given (hyper-parameters on the command line come after, and win). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "vstep_rows.h"
#include "vstep_rows_cli.h"

static int make_dirs(vs_rows_tmp *tmp)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmp->dir, sizeof tmp->dir, "%s/optref-rows-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp->dir))
        return -1;
    snprintf(tmp->before, sizeof tmp->before, "%s/before", tmp->dir);
    snprintf(tmp->after, sizeof tmp->after, "%s/after", tmp->dir);
    return mkdir(tmp->before, 0700) || mkdir(tmp->after, 0700) ? -1 : 0;
}

/* The golden file's algorithm and hyper-parameters, then the command line's. */
static int golden_args(const optref_vsrows *r, optref_vsopts *o, vs_rows_tmp *tmp)
{
    size_t n = r->nitems + o->nitems;
    if (!(tmp->items = calloc(n ? n : 1, sizeof *tmp->items)))
        return -1;
    for (size_t k = 0; k < r->nitems; k++)
        if (!(tmp->items[tmp->nitems++] = strdup(r->items[k])))
            return -1;
    for (size_t k = 0; k < o->nitems; k++)
        if (!(tmp->items[tmp->nitems++] = strdup(o->items[k])))
            return -1;
    o->items = (const char *const *)tmp->items;
    o->nitems = tmp->nitems;
    if (!o->algorithm && *r->algorithm) {
        snprintf(tmp->algorithm, sizeof tmp->algorithm, "%s:%s", r->algorithm, r->variant);
        o->algorithm = tmp->algorithm;
    }
    return 0;
}

int vstep_rows_prepare(const char *path, optref_vsopts *o, vs_rows_tmp *tmp)
{
    optref_lines rd;
    optref_vsrows r;
    char err[2048];
    memset(tmp, 0, sizeof *tmp);
    const optref_format *fmt = o->dtype ? optref_format_from_name(o->dtype) : &optref_binary64;
    if (!fmt)
        return die("verify-step", "--dtype '%s' is none of f64, f32, bf16, f16", o->dtype);
    if (optref_lines_open(&rd, path, OPTREF_LINE_MAX, err, sizeof err) != 0)
        return die("verify-step", "--rows %s", err);
    optref_status st = optref_vsrows_read(&rd, o->t, fmt, &r, err, sizeof err);
    optref_lines_close(&rd);
    if (st != OPTREF_SUCCESS)
        return die("verify-step", "--rows %s", err);
    int rc = 0;
    if (make_dirs(tmp) != 0)
        rc = die("verify-step", "--rows: cannot make a temporary directory in %s", tmp->dir);
    else if (r.golden && golden_args(&r, o, tmp) != 0)
        rc = die("verify-step", "out of memory");
    else if (optref_vsrows_write(&r, tmp->before, tmp->after, err, sizeof err) != OPTREF_SUCCESS)
        rc = die("verify-step", "--rows %s", err);
    else if (!o->algorithm)
        rc = die("verify-step", "--rows %s: a CSV names no algorithm: give ALGORITHM", path);
    o->before = tmp->before;
    o->after = tmp->after;
    optref_vsrows_free(&r);
    return rc;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[4200];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(dir);
}

void vstep_rows_cleanup(vs_rows_tmp *tmp)
{
    if (*tmp->dir) {
        remove_dir(tmp->before);
        remove_dir(tmp->after);
        rmdir(tmp->dir);
    }
    for (size_t k = 0; k < tmp->nitems; k++)
        free(tmp->items[k]);
    free(tmp->items);
    memset(tmp, 0, sizeof *tmp);
}

/* vstep_merge.c: `optref verify-step --merge A.json B.json ...`: one verdict
 * from the JSON reports of the shards of one dump (--shard i/N), equal to the
 * report of the whole dump but for threads, chunk, shard and range.
 *
 * Per quantity: counts and histograms add up; the largest error is the
 * largest of the shards' (ties: the smaller coordinate); the failures listed
 * are the first max_failures of all shards' lists ordered by quantity (line
 * order) then coordinate — each shard lists its own first ones, so the first
 * ones overall are among them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "optref.h"

static double jnum(const json_t *v)
{
    if (json_is_string(v))
        return strcmp(json_string_value(v), "nan") == 0 ? NAN : json_string_value(v)[0] == '-' ? -INFINITY : INFINITY;
    return json_number_value(v);
}

/* The shards agree on what was judged; each shard once. */
static int same_run(json_t **r, int n, const char *const *paths)
{
    static const char *const keys[] = { "algorithm", "variant", "format", "t", "coordinates", "tolerance",
                                        "max_failures" };
    char *seen = calloc((size_t)n, 1);
    int bad = !seen;
    for (int k = 0; k < n && !bad; k++) {
        for (size_t j = 0; j < OPTREF_COUNT(keys) && !bad; j++)
            if (!json_equal(json_object_get(r[0], keys[j]), json_object_get(r[k], keys[j])))
                bad = die("verify-step", "--merge %s: '%s' differs from %s's", paths[k], keys[j], paths[0]);
        json_t *sh = json_object_get(r[k], "shard");
        json_int_t i = json_integer_value(json_array_get(sh, 0)), m = json_integer_value(json_array_get(sh, 1));
        if (!bad && (m != n || i < 0 || i >= n || seen[i]))
            bad = die("verify-step", "--merge %s: shard %lld/%lld, with %d reports given: give each of the %lld shards once",
                      paths[k], (long long)i, (long long)m, n, (long long)m);
        if (!bad)
            seen[i] = 1;
    }
    free(seen);
    return bad;
}

static void add_int(json_t *dst, const json_t *src, const char *key)
{
    json_object_set_new(dst, key, json_integer(json_integer_value(json_object_get(dst, key)) +
                                               json_integer_value(json_object_get(src, key))));
}

static void merge_quantity(json_t *q, const json_t *s)
{
    add_int(q, s, "compared");
    add_int(q, s, "failed");
    add_int(q, s, "unsettled");
    double a = jnum(json_object_get(q, "max_ulp")), b = jnum(json_object_get(s, "max_ulp"));
    json_int_t fa = json_integer_value(json_object_get(q, "at_flat")), fb = json_integer_value(json_object_get(s, "at_flat"));
    if (b > a || (b == a && b > 0 && fb < fa)) {
        json_object_set(q, "max_ulp", json_object_get(s, "max_ulp"));
        json_object_set(q, "at_flat", json_object_get(s, "at_flat"));
        json_object_set(q, "at", json_object_get(s, "at"));
    }
    json_t *h = json_object_get(q, "histogram");
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(s, "histogram"), key, v)
        json_object_set_new(h, key, json_integer(json_integer_value(json_object_get(h, key)) + json_integer_value(v)));
    json_object_set_new(q, "verdict", json_string(json_integer_value(json_object_get(q, "failed")) ? "FAIL" : "PASS"));
}

static json_t *order_names; /* the quantities, in line order, for the sort */

static size_t kind_rank(const json_t *f)
{
    const char *name = json_string_value(json_object_get(f, "quantity"));
    for (size_t k = 0; k < json_array_size(order_names); k++)
        if (strcmp(json_string_value(json_object_get(json_array_get(order_names, k), "name")), name) == 0)
            return k;
    return (size_t)-1;
}

static int by_line_then_coord(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    size_t kx = kind_rank(x), ky = kind_rank(y);
    json_int_t fx = json_integer_value(json_object_get(x, "flat")), fy = json_integer_value(json_object_get(y, "flat"));
    return kx != ky ? (kx < ky ? -1 : 1) : (fx > fy) - (fx < fy);
}

static int merge_failures(json_t *m, json_t **r, int n)
{
    size_t total = 0, k = 0;
    for (int i = 0; i < n; i++)
        total += json_array_size(json_object_get(r[i], "failures"));
    json_t **all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        return die("verify-step", "--merge: out of memory");
    for (int i = 0; i < n; i++)
        for (size_t j = 0; j < json_array_size(json_object_get(r[i], "failures")); j++)
            all[k++] = json_array_get(json_object_get(r[i], "failures"), j);
    order_names = json_object_get(m, "quantities");
    qsort(all, total, sizeof *all, by_line_then_coord);
    json_t *list = json_array();
    size_t maxf = (size_t)json_integer_value(json_object_get(m, "max_failures"));
    for (k = 0; k < total && k < maxf; k++)
        json_array_append(list, all[k]);
    json_object_set_new(m, "failures", list);
    free(all);
    return 0;
}

static json_t *merge_all(json_t **r, int n)
{
    json_t *m = json_deep_copy(r[0]), *qs = json_object_get(m, "quantities");
    for (int i = 1; i < n; i++) {
        add_int(m, r[i], "failed");
        for (size_t c = 0; c < 2; c++) /* the double-double fast path's counts, when reported */
            if (json_object_get(m, c ? "mpfr_fallback" : "fast_path"))
                add_int(m, r[i], c ? "mpfr_fallback" : "fast_path");
        for (size_t k = 0; k < json_array_size(qs); k++)
            merge_quantity(json_array_get(qs, k), json_array_get(json_object_get(r[i], "quantities"), k));
    }
    if (merge_failures(m, r, n) != 0) {
        json_decref(m);
        return NULL;
    }
    json_object_set_new(m, "shard", json_pack("[ii]", 0, 1));
    json_object_set_new(m, "range", json_pack("[iI]", 0, json_integer_value(json_object_get(m, "coordinates"))));
    json_object_set_new(m, "pass", json_boolean(json_integer_value(json_object_get(m, "failed")) == 0));
    return m;
}

static void merged_verdict(const json_t *m, int n)
{
    long long values = 0;
    for (size_t k = 0; k < json_array_size(json_object_get(m, "quantities")); k++)
        values += json_integer_value(json_object_get(json_array_get(json_object_get(m, "quantities"), k), "compared"));
    const char *alg = json_string_value(json_object_get(m, "algorithm")), *fmt = json_string_value(json_object_get(m, "format"));
    long long t = json_integer_value(json_object_get(m, "t")), failed = json_integer_value(json_object_get(m, "failed"));
    if (json_is_true(json_object_get(m, "pass"))) {
        printf("PASS: %s step t=%lld matches as %s: %lld values within %g ULP (%d shards merged)\n", alg, t, fmt,
               values, jnum(json_object_get(m, "tolerance")), n);
        return;
    }
    const json_t *f = json_array_get(json_object_get(m, "failures"), 0);
    printf("FAIL: %s step t=%lld as %s: %lld of %lld values outside tolerance (%d shards merged)", alg, t, fmt, failed,
           values, n);
    if (f) {
        printf("; first %s[", json_string_value(json_object_get(f, "quantity")));
        for (size_t k = 0; k < json_array_size(json_object_get(f, "index")); k++)
            printf("%s%lld", k ? "," : "", (long long)json_integer_value(json_array_get(json_object_get(f, "index"), k)));
        printf("], %.3g ULP, pseudocode L%lld of %s", jnum(json_object_get(f, "ulp")),
               (long long)json_integer_value(json_object_get(f, "line")), json_string_value(json_object_get(m, "file")));
    }
    putchar('\n');
}

/* Manifest reports (--manifest --shard i/N): the shards' layers, each once,
 * joined in the manifest's order; totals and the first failing layer anew. */
static json_t *merge_layers(json_t **r, int n, const char *const *paths)
{
    json_int_t total = json_integer_value(json_object_get(r[0], "layers_total"));
    json_t **at = calloc(total > 0 ? (size_t)total : 1, sizeof *at), *m = NULL;
    char *seen = calloc((size_t)n, 1);
    int bad = !at || !seen ? die("verify-step", "--merge: out of memory") : 0;
    for (int k = 0; k < n && !bad; k++) {
        json_t *sh = json_object_get(r[k], "shard"), *ls = json_object_get(r[k], "layers");
        json_int_t i = json_integer_value(json_array_get(sh, 0)), s = json_integer_value(json_array_get(sh, 1));
        if (!json_equal(json_object_get(r[0], "manifest"), json_object_get(r[k], "manifest")) ||
            json_integer_value(json_object_get(r[k], "layers_total")) != total || !json_is_array(ls))
            bad = die("verify-step", "--merge %s: not a shard of %s's manifest", paths[k], paths[0]);
        else if (s != n || i < 0 || i >= n || seen[i])
            bad = die("verify-step", "--merge %s: shard %lld/%lld, with %d reports given: give each of the %lld shards once",
                      paths[k], (long long)i, (long long)s, n, (long long)s);
        else
            seen[i] = 1;
        for (size_t j = 0; !bad && j < json_array_size(ls); j++) {
            json_int_t x = json_integer_value(json_object_get(json_array_get(ls, j), "index"));
            if (x < 0 || x >= total || at[x])
                bad = die("verify-step", "--merge %s: layer %lld out of place or twice", paths[k], (long long)x);
            else
                at[x] = json_array_get(ls, j);
        }
    }
    for (json_int_t x = 0; x < total && !bad; x++)
        if (!at[x])
            bad = die("verify-step", "--merge: layer %lld of %s is in no shard", (long long)x, paths[0]);
    if (!bad) {
        json_t *layers = json_array();
        long long values = 0, failed = 0;
        char first[2048] = "";
        for (json_int_t x = 0; x < total; x++) {
            json_t *rep = json_object_get(at[x], "report");
            json_array_append(layers, at[x]);
            failed += json_integer_value(json_object_get(rep, "failed"));
            for (size_t q = 0; q < json_array_size(json_object_get(rep, "quantities")); q++)
                values += json_integer_value(json_object_get(json_array_get(json_object_get(rep, "quantities"), q),
                                                             "compared"));
            if (!*first && !json_is_true(json_object_get(rep, "pass")))
                snprintf(first, sizeof first, "layer %s: %s", json_string_value(json_object_get(at[x], "name")),
                         json_string_value(json_object_get(at[x], "verdict")));
        }
        m = json_pack("{sOsIs[ii]s[iI]sosIsIsssb}", "manifest", json_object_get(r[0], "manifest"), "layers_total",
                      total, "shard", 0, 1, "range", 0, total, "layers", layers, "values", (json_int_t)values,
                      "failed", (json_int_t)failed, "first", first, "pass", failed == 0);
    }
    free(at);
    free(seen);
    return m;
}

static int merged_layers_verdict(const json_t *m, int n)
{
    int pass = json_is_true(json_object_get(m, "pass"));
    printf("%s: %lld layers of %s: %lld of %lld values outside tolerance (%d shards merged)%s%s\n",
           pass ? "PASS" : "FAIL", (long long)json_integer_value(json_object_get(m, "layers_total")),
           json_string_value(json_object_get(m, "manifest")), (long long)json_integer_value(json_object_get(m, "failed")),
           (long long)json_integer_value(json_object_get(m, "values")), n, pass ? "" : "; first in ",
           pass ? "" : json_string_value(json_object_get(m, "first")));
    return pass ? 0 : EXIT_MISMATCH;
}

int vstep_merge(int n, const char *const *paths, const char *out)
{
    json_t **r = calloc((size_t)n, sizeof *r), *m = NULL;
    int rc = r ? 0 : die("verify-step", "--merge: out of memory");
    for (int k = 0; k < n && !rc; k++) {
        json_error_t e;
        if (!(r[k] = json_load_file(paths[k], 0, &e)))
            rc = die("verify-step", "--merge %s:%d:%d: %s", paths[k], e.line, e.column, e.text);
        else if ((!json_is_array(json_object_get(r[k], "quantities")) &&
                  !json_is_array(json_object_get(r[k], "layers"))) || !json_is_array(json_object_get(r[k], "shard")))
            rc = die("verify-step", "--merge %s: not a verify-step report", paths[k]);
    }
    if (!rc && json_is_array(json_object_get(r[0], "layers"))) { /* shards of a manifest */
        if (!(m = merge_layers(r, n, paths)))
            rc = EXIT_USAGE;
        else if (out && json_dump_file(m, out, JSON_INDENT(1)) != 0)
            rc = die("verify-step", "--json %s: cannot write the merged report", out);
        else
            rc = merged_layers_verdict(m, n);
        json_decref(m);
        for (int k = 0; k < n; k++)
            json_decref(r[k]);
        free(r);
        return rc;
    }
    if (!rc)
        rc = same_run(r, n, paths);
    if (!rc && !(m = merge_all(r, n)))
        rc = EXIT_USAGE;
    if (!rc && out && json_dump_file(m, out, JSON_INDENT(1)) != 0)
        rc = die("verify-step", "--json %s: cannot write the merged report", out);
    if (!rc) {
        merged_verdict(m, n);
        rc = json_is_true(json_object_get(m, "pass")) ? 0 : EXIT_MISMATCH;
    }
    json_decref(m);
    for (int k = 0; r && k < n; k++)
        json_decref(r[k]);
    free(r);
    return rc;
}

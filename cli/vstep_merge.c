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
#include "vstep_merge.h"
#include "vstep_mixed.h"

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
                                        "max_failures", "rule", "order" };
    char *seen = calloc((size_t)n, 1);
    int bad = !seen;
    for (int k = 0; k < n && !bad; k++) {
        for (size_t j = 0; j < OPTREF_COUNT(keys) && !bad; j++)
            if (!json_equal(json_object_get(r[0], keys[j]), json_object_get(r[k], keys[j])))
                bad = die("verify-step", "--merge %s: '%s' differs from %s's", paths[k], keys[j], paths[0]);
        const json_t *q0 = json_object_get(r[0], "quantities"), *qk = json_object_get(r[k], "quantities");
        for (size_t j = 0; !bad && (j < json_array_size(q0) || j < json_array_size(qk)); j++)
            if (!json_equal(json_object_get(json_array_get(q0, j), "name"), json_object_get(json_array_get(qk, j), "name")))
                bad = die("verify-step", "--merge %s: quantities[%zu] is not %s's", paths[k], j, paths[0]);
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
    if (json_object_get(q, "max_bound_ratio")) { /* the rounding bound: largest distance in bounds, and where */
        add_int(q, s, "unbounded");
        double ra = jnum(json_object_get(q, "max_bound_ratio")), rb = jnum(json_object_get(s, "max_bound_ratio"));
        json_int_t ga = json_integer_value(json_object_get(q, "bound_at_flat")),
                   gb = json_integer_value(json_object_get(s, "bound_at_flat"));
        if (rb > ra || (rb == ra && rb > 0 && gb < ga)) {
            json_object_set(q, "max_bound_ratio", json_object_get(s, "max_bound_ratio"));
            json_object_set(q, "bound_at_flat", json_object_get(s, "bound_at_flat"));
            json_object_set(q, "bound_at", json_object_get(s, "bound_at"));
        }
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

/* ---- mixed precision: the tallies add up exactly, the statistic is computed anew -------- */

/* The shards' mixed sections describe one judgment: math, budget, alpha, each quantity's storage and rounding. */
static int same_mixed(json_t **r, int n, const char *const *paths)
{
    static const char *const keys[] = { "math", "budget_ulps", "alpha" }, *const qkeys[] = { "name", "storage",
                                                                                           "rounding", "line" };
    const json_t *m0 = json_object_get(r[0], "mixed"), *q0 = json_object_get(m0, "quantities");
    for (int k = 0; k < n; k++) {
        const json_t *m = json_object_get(r[k], "mixed"), *q = json_object_get(m, "quantities");
        int same = !m0 == !m && (!m || json_array_size(q) == json_array_size(q0));
        for (size_t j = 0; same && m && j < OPTREF_COUNT(keys); j++)
            same = json_equal(json_object_get(m0, keys[j]), json_object_get(m, keys[j]));
        for (size_t i = 0; same && m && i < json_array_size(q); i++)
            for (size_t j = 0; same && j < OPTREF_COUNT(qkeys); j++)
                same = json_equal(json_object_get(json_array_get(q0, i), qkeys[j]),
                                  json_object_get(json_array_get(q, i), qkeys[j]));
        if (!same)
            return die("verify-step", "--merge %s: its mixed precision (--math, --storage, --store-rounding) differs "
                       "from %s's", paths[k], paths[0]);
    }
    return 0;
}

/* Adds shard s's tallies of one quantity to acc; -1: no exact sums (a report from before they were written). */
static int add_kind(optref_vsm_acc *acc, const json_t *s)
{
    const json_t *first = json_object_get(s, "first_outside_flat"), *bins = json_object_get(s, "bins");
    optref_vsm_acc a = { .outside = (long)json_integer_value(json_object_get(s, "outside")),
                         .tested = (long)json_integer_value(json_object_get(s, "tested")),
                         .ambiguous = (long)json_integer_value(json_object_get(s, "near_grid")),
                         .any_out = json_is_integer(first), .first_out = (size_t)json_integer_value(first) };
    for (size_t b = 0; bins && b < OPTREF_VSM_NBIN; b++) {
        const json_t *B = json_array_get(bins, b), *e = json_object_get(B, "exact");
        optref_i128 *dst[5] = { &a.bin[b].sp, &a.bin[b].spq, &a.bin[b].sdelta, &a.bin[b].sq, &a.bin[b].sqq };
        if (json_array_size(e) != 5)
            return -1;
        for (size_t j = 0; j < 5; j++)
            if (!json_is_string(json_array_get(e, j)) ||
                optref_vsm_i128_parse(json_string_value(json_array_get(e, j)), dst[j]) != 0)
                return -1;
        a.bin[b].n = (long)json_integer_value(json_object_get(B, "n"));
        a.bin[b].ups = (long)json_integer_value(json_object_get(B, "ups"));
        a.bin[b].above_half = (long)json_integer_value(json_object_get(B, "above_half"));
    }
    optref_vsm_acc_add(acc, &a);
    return 0;
}

/* m's mixed section from all shards' (same_mixed has checked they agree). */
static int merge_mixed(json_t *m, json_t **r, int n, const char *const *paths)
{
    json_t *m0 = json_object_get(r[0], "mixed"), *q0 = json_object_get(m0, "quantities");
    size_t nq = json_array_size(q0);
    optref_vsm_kind *kind = calloc(nq ? nq : 1, sizeof *kind);
    if (!kind)
        return die("verify-step", "--merge: out of memory");
    optref_vsm_report rep = { .math = json_string_value(json_object_get(m0, "math")),
                              .budget = json_number_value(json_object_get(m0, "budget_ulps")),
                              .alpha = json_number_value(json_object_get(m0, "alpha")), .nkind = nq, .kind = kind };
    int bad = 0;
    for (size_t q = 0; q < nq && !bad; q++) {
        const json_t *k0 = json_array_get(q0, q);
        optref_vsm_acc acc = { 0 };
        for (int k = 0; k < n && !bad; k++)
            if (add_kind(&acc, json_array_get(json_object_get(json_object_get(r[k], "mixed"), "quantities"), q)) != 0)
                bad = die("verify-step", "--merge %s: mixed.quantities[%zu]: no exact sums in its bins (write the "
                          "shard reports with this version)", paths[k], q);
        kind[q] = (optref_vsm_kind){ .name = json_string_value(json_object_get(k0, "name")),
                                     .storage = json_string_value(json_object_get(k0, "storage")),
                                     .sr = strcmp(json_string_value(json_object_get(k0, "rounding")), "stochastic") == 0,
                                     .line = (int)json_integer_value(json_object_get(k0, "line")),
                                     .outside = acc.outside, .tested = acc.tested, .ambiguous = acc.ambiguous,
                                     .first_out = acc.first_out, .any_out = acc.any_out };
        memcpy(kind[q].bin, acc.bin, sizeof acc.bin);
        if (kind[q].sr)
            optref_vsm_finish(&kind[q], rep.alpha);
        rep.stat_failed |= kind[q].stat_fail;
    }
    char *text = bad ? NULL : optref_vsm_json(&rep); /* ", \"mixed\": {...}" */
    json_t *obj = NULL;
    if (!bad && text) {
        text[0] = '{'; /* the leading ", " becomes "{ " */
        size_t len = strlen(text);
        char *t = realloc(text, len + 2);
        if (t) {
            text = t;
            memcpy(text + len, "}", 2);
            obj = json_loads(text, 0, NULL);
        }
    }
    if (!bad && !obj)
        bad = die("verify-step", "--merge: out of memory");
    if (!bad) {
        json_object_set(m, "mixed", json_object_get(obj, "mixed"));
        json_object_set_new(m, "pass", json_boolean(json_integer_value(json_object_get(m, "failed")) == 0 &&
                                                     !rep.stat_failed));
    }
    json_decref(obj);
    free(text);
    free(kind);
    return bad;
}

static json_t *merge_all(json_t **r, int n, const char *const *paths)
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
    if (json_object_get(m, "mixed") && merge_mixed(m, r, n, paths) != 0) {
        json_decref(m);
        return NULL;
    }
    return m;
}

static void merged_verdict(const json_t *m, int n)
{
    long long values = 0;
    for (size_t k = 0; k < json_array_size(json_object_get(m, "quantities")); k++)
        values += json_integer_value(json_object_get(json_array_get(json_object_get(m, "quantities"), k), "compared"));
    const char *alg = json_string_value(json_object_get(m, "algorithm")), *fmt = json_string_value(json_object_get(m, "format"));
    long long t = json_integer_value(json_object_get(m, "t")), failed = json_integer_value(json_object_get(m, "failed"));
    const char *rule = json_string_value(json_object_get(m, "rule"));
    int bound = rule && strcmp(rule, "bound") == 0;
    if (json_is_true(json_object_get(m, "pass"))) {
        if (bound)
            printf("PASS: %s step t=%lld matches as %s: %lld values within the rounding bound (%d shards merged)\n",
                   alg, t, fmt, values, n);
        else
            printf("PASS: %s step t=%lld matches as %s: %lld values within %g ULP (%d shards merged)\n", alg, t, fmt,
                   values, jnum(json_object_get(m, "tolerance")), n);
        return;
    }
    const json_t *mx = json_object_get(m, "mixed"), *mq = json_object_get(mx, "quantities");
    for (size_t k = 0; failed == 0 && k < json_array_size(mq); k++) { /* only the statistic rejects */
        const json_t *q = json_array_get(mq, k);
        if (strcmp(json_string_value(json_object_get(q, "verdict")) ? json_string_value(json_object_get(q, "verdict")) : "",
                   "FAIL") == 0) {
            printf("FAIL: %s step t=%lld, math %s: stochastic rounding of %s (stored as %s) is biased: chi2 = %.4g on "
                   "%lld bins, p-value %.3g < %g (%d shards merged)\n", alg, t,
                   json_string_value(json_object_get(mx, "math")), json_string_value(json_object_get(q, "name")),
                   json_string_value(json_object_get(q, "storage")), jnum(json_object_get(q, "chi2")),
                   (long long)json_integer_value(json_object_get(q, "dof")), jnum(json_object_get(q, "pvalue")),
                   jnum(json_object_get(mx, "alpha")), n);
            return;
        }
    }
    const json_t *f = json_array_get(json_object_get(m, "failures"), 0);
    printf("FAIL: %s step t=%lld as %s: %lld of %lld values outside %s (%d shards merged)", alg, t, fmt, failed,
           values, bound ? "the rounding bound" : "tolerance", n);
    if (f) {
        printf("; first %s[", json_string_value(json_object_get(f, "quantity")));
        for (size_t k = 0; k < json_array_size(json_object_get(f, "index")); k++)
            printf("%s%lld", k ? "," : "", (long long)json_integer_value(json_array_get(json_object_get(f, "index"), k)));
        if (bound)
            printf("], %.3g bounds out (%.3g ULP), pseudocode L%lld of %s", jnum(json_object_get(f, "bound_ratio")),
                   jnum(json_object_get(f, "ulp")), (long long)json_integer_value(json_object_get(f, "line")),
                   json_string_value(json_object_get(m, "file")));
        else
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
        if (!(r[k] = json_load_file(paths[k], 0, &e))) {
            for (char *c = e.text; *c; c++) /* jansson may quote the file's bytes: one printable line */
                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                    *c = '?';
            rc = die("verify-step", "--merge %s:%d:%d: %s", paths[k], e.line, e.column, e.text);
        }
        else if ((!json_is_array(json_object_get(r[k], "quantities")) &&
                  !json_is_array(json_object_get(r[k], "layers"))) || !json_is_array(json_object_get(r[k], "shard")))
            rc = die("verify-step", "--merge %s: not a verify-step report", paths[k]);
        else if (!json_is_array(json_object_get(r[k], "layers")) != !json_is_array(json_object_get(r[0], "layers")))
            rc = die("verify-step", "--merge %s: a manifest's report and a tensor's cannot merge (%s)", paths[k], paths[0]);
        else
            rc = vstep_merge_check(r[k], paths[k]);
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
    if (!rc)
        rc = same_mixed(r, n, paths);
    if (!rc && !(m = merge_all(r, n, paths)))
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

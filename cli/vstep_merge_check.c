/* vstep_merge_check.c: the shape of a shard report before `verify-step --merge`
 * trusts it (cli/vstep_merge.c): every member merge reads, of the type it
 * reads, counts in [0, 2^53) so that their sums stay exact and in range.  A
 * report that is not one gets one line naming the file and the member. */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "vstep_merge.h"
#include "vstep_mixed.h" /* OPTREF_VSM_NBIN */

enum kind { INT, COUNT, STR, NUM, ARR, OBJ, BOOL, INT_OR_NULL };
static const char *const kind_name[] = { "an integer", "a count (0 to 2^53)", "a string", "a number", "an array",
                                         "an object", "true or false", "an integer or null" };

typedef struct {
    const char *path;
    int bad;
} ctx;

static int fits(const json_t *v, enum kind k)
{
    switch (k) {
    case INT: return json_is_integer(v);
    case COUNT: return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) < (1LL << 53);
    case STR: return json_is_string(v);
    case NUM: /* jnum's: a number, or "nan", "inf", "-inf" */
        return json_is_number(v) || (json_is_string(v) && (strcmp(json_string_value(v), "nan") == 0 ||
                                                            strcmp(json_string_value(v), "inf") == 0 ||
                                                            strcmp(json_string_value(v), "-inf") == 0));
    case ARR: return json_is_array(v);
    case OBJ: return json_is_object(v);
    case BOOL: return json_is_boolean(v);
    case INT_OR_NULL: return json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0);
    }
    return 0;
}

/* o[key] is of kind k; where: the member's place, for the message. */
static const json_t *need(ctx *c, const json_t *o, const char *where, const char *key, enum kind k)
{
    const json_t *v = json_object_get(o, key);
    if (!c->bad && !fits(v, k))
        c->bad = die("verify-step", "--merge %s: %s%s%s: %s %s", c->path, where, *where ? "." : "", key,
                     v ? "not" : "missing, want", kind_name[k]);
    return c->bad ? NULL : v;
}

static void each_count(ctx *c, const json_t *obj, const char *where)
{
    const char *key;
    json_t *v;
    size_t k = 0;
    json_object_foreach((json_t *)obj, key, v) { /* the key is the file's: named by its place, one line */
        if (!c->bad && !fits(v, COUNT))
            c->bad = die("verify-step", "--merge %s: %s: member %zu is not %s", c->path, where, k, kind_name[COUNT]);
        k++;
    }
}

static void quantity(ctx *c, const json_t *q, const char *where)
{
    static const char *const counts[] = { "compared", "failed", "unsettled" };
    need(c, q, where, "name", STR);
    for (size_t k = 0; k < OPTREF_COUNT(counts); k++)
        need(c, q, where, counts[k], COUNT);
    need(c, q, where, "max_ulp", NUM);
    need(c, q, where, "at_flat", INT);
    if (json_object_get(q, "max_bound_ratio")) { /* judged by the rounding bound */
        need(c, q, where, "max_bound_ratio", NUM);
        need(c, q, where, "bound_at_flat", INT);
        need(c, q, where, "unbounded", COUNT);
    }
    const json_t *h = need(c, q, where, "histogram", OBJ);
    if (h)
        each_count(c, h, where);
}

static void failure(ctx *c, const json_t *f, const char *where)
{
    need(c, f, where, "quantity", STR);
    need(c, f, where, "flat", INT);
    need(c, f, where, "ulp", NUM);
    need(c, f, where, "line", INT);
    const json_t *ix = need(c, f, where, "index", ARR);
    for (size_t k = 0; ix && k < json_array_size(ix) && !c->bad; k++)
        if (!json_is_integer(json_array_get(ix, k)))
            c->bad = die("verify-step", "--merge %s: %s.index[%zu]: not an integer", c->path, where, k);
}

static void mixed_kind(ctx *c, const json_t *q, const char *where)
{
    static const char *const counts[] = { "outside", "tested", "near_grid" }, *const bin_counts[] = { "n", "ups",
                                                                                                "above_half" };
    need(c, q, where, "name", STR);
    need(c, q, where, "storage", STR);
    const json_t *r = need(c, q, where, "rounding", STR);
    need(c, q, where, "line", INT);
    need(c, q, where, "first_outside_flat", INT_OR_NULL);
    for (size_t k = 0; k < OPTREF_COUNT(counts); k++)
        need(c, q, where, counts[k], COUNT);
    if (c->bad || strcmp(json_string_value(r), "stochastic") != 0)
        return;
    const json_t *bins = need(c, q, where, "bins", ARR);
    if (bins && json_array_size(bins) != OPTREF_VSM_NBIN)
        c->bad = die("verify-step", "--merge %s: %s.bins: %zu bins, not %d", c->path, where, json_array_size(bins),
                     OPTREF_VSM_NBIN);
    for (size_t b = 0; !c->bad && b < json_array_size(bins); b++) {
        char w[160];
        snprintf(w, sizeof w, "%s.bins[%zu]", where, b);
        for (size_t k = 0; k < OPTREF_COUNT(bin_counts); k++)
            need(c, json_array_get(bins, b), w, bin_counts[k], COUNT);
    }
}

static void mixed(ctx *c, const json_t *m)
{
    need(c, m, "mixed", "math", STR);
    need(c, m, "mixed", "budget_ulps", NUM);
    need(c, m, "mixed", "alpha", NUM);
    const json_t *qs = need(c, m, "mixed", "quantities", ARR);
    for (size_t k = 0; qs && k < json_array_size(qs) && !c->bad; k++) {
        char w[64];
        snprintf(w, sizeof w, "mixed.quantities[%zu]", k);
        if (!json_is_object(json_array_get(qs, k)))
            c->bad = die("verify-step", "--merge %s: %s: not an object", c->path, w);
        else
            mixed_kind(c, json_array_get(qs, k), w);
    }
}

static void list(ctx *c, const json_t *r, const char *key, void (*each)(ctx *, const json_t *, const char *))
{
    const json_t *a = need(c, r, "", key, ARR);
    for (size_t k = 0; a && k < json_array_size(a) && !c->bad; k++) {
        char w[64];
        snprintf(w, sizeof w, "%s[%zu]", key, k);
        if (!json_is_object(json_array_get(a, k)))
            c->bad = die("verify-step", "--merge %s: %s: not an object", c->path, w);
        else
            each(c, json_array_get(a, k), w);
    }
}

static void shard(ctx *c, const json_t *r)
{
    const json_t *s = need(c, r, "", "shard", ARR);
    if (s && (json_array_size(s) != 2 || !fits(json_array_get(s, 0), COUNT) || !fits(json_array_get(s, 1), COUNT)))
        c->bad = die("verify-step", "--merge %s: shard: not [I, N]", c->path);
}

static void layer(ctx *c, const json_t *l, const char *where)
{
    need(c, l, where, "index", COUNT);
    need(c, l, where, "name", STR);
    need(c, l, where, "verdict", STR);
    const json_t *rep = need(c, l, where, "report", OBJ);
    if (!rep)
        return;
    char w[96];
    snprintf(w, sizeof w, "%s.report", where);
    need(c, rep, w, "failed", COUNT);
    need(c, rep, w, "pass", BOOL);
    const json_t *qs = need(c, rep, w, "quantities", ARR);
    for (size_t k = 0; qs && k < json_array_size(qs) && !c->bad; k++)
        if (!fits(json_object_get(json_array_get(qs, k), "compared"), COUNT))
            c->bad = die("verify-step", "--merge %s: %s.quantities[%zu].compared: not %s", c->path, w, k,
                         kind_name[COUNT]);
}

int vstep_merge_check(const json_t *r, const char *path)
{
    ctx c = { path, 0 };
    shard(&c, r);
    if (json_object_get(r, "layers")) { /* a manifest's shard */
        need(&c, r, "", "manifest", STR);
        need(&c, r, "", "layers_total", COUNT);
        list(&c, r, "layers", layer);
        return c.bad;
    }
    static const char *const strs[] = { "algorithm", "format", "file" }, *const counts[] = { "t", "coordinates",
                                                                                           "max_failures", "failed" };
    for (size_t k = 0; k < OPTREF_COUNT(strs); k++)
        need(&c, r, "", strs[k], STR);
    for (size_t k = 0; k < OPTREF_COUNT(counts); k++)
        need(&c, r, "", counts[k], COUNT);
    need(&c, r, "", "tolerance", NUM);
    for (size_t k = 0; k < 2; k++) /* the fast path's counts, when reported */
        if (json_object_get(r, k ? "mpfr_fallback" : "fast_path"))
            need(&c, r, "", k ? "mpfr_fallback" : "fast_path", COUNT);
    list(&c, r, "quantities", quantity);
    list(&c, r, "failures", failure);
    if (!c.bad && json_object_get(r, "mixed"))
        mixed(&c, need(&c, r, "", "mixed", OBJ));
    return c.bad;
}

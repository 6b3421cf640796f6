/* vstep_layers.c: the layers of `optref verify-step --manifest FILE` judged
 * on worker threads (each layer is one chunk, judged whole: the threads take
 * layers in turn, so memory is two layers at a time by default), and the
 * manifest's JSON report: one verify-step report per layer, with the totals
 * and the first failing layer (doc/verify-step.md, "Layers").  A shard i/N
 * judges layers lo .. hi − 1 of N equal slices of the manifest's layers;
 * vstep_merge.c joins the shards' reports into the unsharded one. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vstep_layers.h"

typedef struct {
    const optref_vsopts *base;
    const vs_layer *L;
    vs_layer_result *res;
    size_t n, id, nt;
} lworker;

static void *lworker_main(void *arg)
{
    lworker *w = arg;
    for (size_t k = w->id; k < w->n; k += w->nt) {
        optref_vsopts o = *w->base;
        o.before = w->L[k].before;
        o.after = w->L[k].after;
        o.layer_rows = w->L[k].rows;
        o.layer_cols = w->L[k].cols;
        o.shard = o.nshards = 0;
        o.nthreads = 1; /* a layer is one chunk */
        w->res[k].st = optref_verify_step(&o, &w->res[k].r, w->res[k].err, sizeof w->res[k].err);
    }
    return NULL;
}

void vstep_layers_run(const optref_vsopts *base, const vs_layer *L, size_t n, vs_layer_result *res)
{
    size_t nt = base->nthreads ? base->nthreads : 2;
    nt = nt > n ? (n ? n : 1) : nt;
    lworker *ws = calloc(nt, sizeof *ws);
    pthread_t *th = calloc(nt, sizeof *th);
    size_t started = 0;
    for (; ws && th && started < nt; started++) {
        ws[started] = (lworker){ base, L, res, n, started, nt };
        if (pthread_create(&th[started], NULL, lworker_main, &ws[started]) != 0)
            break;
    }
    for (size_t k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    if (started < nt) { /* no thread (or not all): the rest here, in turn */
        lworker one = { base, L, res, n, 0, 1 };
        for (size_t k = 0; k < n; k++)
            if (k % nt >= started)
                one.id = k, one.n = k + 1, lworker_main(&one);
    }
    free(ws);
    free(th);
}

/* The report of layers lo .. hi − 1 of a manifest of nall layers, shard i of S. */
json_t *vstep_layers_json(const char *manifest, const vs_layer *L, size_t lo, size_t hi, size_t nall, size_t i,
                          size_t S, const vs_layer_result *res, const char *const *verdicts)
{
    json_t *j = json_object(), *layers = json_array();
    long long values = 0, failed = 0;
    char *first = NULL;
    for (size_t k = lo; k < hi; k++) {
        const optref_vsreport *r = &res[k - lo].r;
        char *text = optref_vsreport_json(r);
        json_error_t e;
        json_t *rep = text ? json_loads(text, 0, &e) : NULL;
        free(text);
        json_array_append_new(layers, json_pack("{sIsssIsIsssO}", "index", (json_int_t)k, "name", L[k - lo].name,
                                                "rows", (json_int_t)L[k - lo].rows, "cols",
                                                (json_int_t)L[k - lo].cols, "verdict", verdicts[k - lo],
                                                "report", rep ? rep : json_null()));
        json_decref(rep);
        for (size_t q = 0; q < r->nkind; q++)
            values += r->kind[q].compared;
        failed += r->nfailed;
        size_t len = strlen(L[k - lo].name) + strlen(verdicts[k - lo]) + 16;
        if (!r->pass && !first && (first = malloc(len)))
            snprintf(first, len, "layer %s: %s", L[k - lo].name, verdicts[k - lo]);
    }
    json_object_set_new(j, "manifest", json_string(manifest));
    json_object_set_new(j, "layers_total", json_integer((json_int_t)nall));
    json_object_set_new(j, "shard", json_pack("[II]", (json_int_t)i, (json_int_t)S));
    json_object_set_new(j, "range", json_pack("[II]", (json_int_t)lo, (json_int_t)hi));
    json_object_set_new(j, "layers", layers);
    json_object_set_new(j, "values", json_integer(values));
    json_object_set_new(j, "failed", json_integer(failed));
    json_object_set_new(j, "first", json_string(first ? first : ""));
    free(first);
    json_object_set_new(j, "pass", json_boolean(failed == 0));
    return j;
}

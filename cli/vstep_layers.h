/* vstep_layers.h: the layers of `optref verify-step --manifest FILE` on worker
 * threads, and their JSON report (cli/vstep_layers.c). */
#ifndef OPTREF_VSTEP_LAYERS_H
#define OPTREF_VSTEP_LAYERS_H

#include <jansson.h>

#include "vstep.h"
#include "vstep_manifest.h"

typedef struct {
    optref_vsreport r;
    optref_status st;
    char err[2048];
} vs_layer_result;

/* Judges layers L[0 .. n) on base->nthreads threads (0: 2), each whole. */
void vstep_layers_run(const optref_vsopts *base, const vs_layer *L, size_t n, vs_layer_result *res);
/* The report of layers lo .. hi − 1 (L and res hold those) of nall, shard i of S;
 * verdicts: each layer's verdict line without "PASS: "/"FAIL: ". */
json_t *vstep_layers_json(const char *manifest, const vs_layer *L, size_t lo, size_t hi, size_t nall, size_t i,
                          size_t S, const vs_layer_result *res, const char *const *verdicts);

#endif

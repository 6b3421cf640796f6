/* vstep_manifest.h: the layers of `optref verify-step --manifest FILE`
 * (cli/vstep_manifest.c, doc/verify-step.md). */
#ifndef OPTREF_VSTEP_MANIFEST_H
#define OPTREF_VSTEP_MANIFEST_H

#include <stddef.h>

typedef struct {
    char *name;           /* "fc1.weight" */
    size_t rows, cols;    /* the layer's shape; N is N×1 */
    char *before, *after; /* its .npy directories, resolved from the manifest's directory */
} vs_layer;

/* 0, or -1 with err "path:line: what" (one line). */
int vstep_manifest_read(const char *path, vs_layer **out, size_t *n, char *err, size_t errlen);
void vstep_manifest_free(vs_layer *l, size_t n);

#endif

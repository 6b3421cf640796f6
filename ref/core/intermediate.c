/* intermediate.c: a setup's quantities widened with its algorithm's
 * intermediates (state variables with .internal = OPTREF_INTERMEDIATE: m̂, v̂,
 * g′, values a step computes at their own pseudocode line and then uses).
 * `optref run` and the golden files record without them; verify reads them as
 * optional columns and judges each at its line (doc/verify.md). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* After the recorded state (before eta, g, f), one quantity per used
 * intermediate: defined from t = 1 on, as g is (NaN at t = 0). */
optref_status optref_setup_add_intermediates(optref_setup *s)
{
    const optref_algorithm *a = s->alg;
    size_t extra = 0, k = 0, at = 0;
    for (size_t j = 0; j < a->nstate; j++)
        extra += a->state[j].internal == OPTREF_INTERMEDIATE && optref_state_used(&a->state[j], s->variant);
    if (extra == 0)
        return OPTREF_SUCCESS;
    optref_quantity *qt = calloc(s->nqt + extra, sizeof *qt);
    int *qsrc = calloc(s->nqt + extra, sizeof *qsrc);
    if (!qt || !qsrc)
        return free(qt), free(qsrc), OPTREF_ENOMEM;
    while (at < s->nqt && (s->qsrc[at] >= 0 || s->qsrc[at] == OPTREF_Q_X))
        at++; /* x and the recorded state come first */
    for (size_t i = 0; i < s->nqt; i++) {
        if (i == at)
            for (size_t j = 0; j < a->nstate; j++)
                if (a->state[j].internal == OPTREF_INTERMEDIATE && optref_state_used(&a->state[j], s->variant)) {
                    qt[k] = (optref_quantity){ a->state[j].name, optref_state_len(s, j), 0, a->state[j].line,
                                               a->state[j].extent != OPTREF_SCALAR, 1 };
                    qsrc[k++] = (int)j;
                }
        qt[k] = s->qt[i];
        qsrc[k++] = s->qsrc[i];
    }
    free(s->qt);
    free(s->qsrc);
    s->qt = qt;
    s->qsrc = qsrc;
    s->nqt = k;
    s->nq = 0;
    for (size_t i = 0; i < k; i++) {
        s->qt[i].offset = s->nq;
        s->nq += s->qt[i].len;
    }
    return OPTREF_SUCCESS;
}

int optref_q_intermediate(const optref_setup *s, size_t k)
{
    return s->qsrc[k] >= 0 && s->alg->state[s->qsrc[k]].internal == OPTREF_INTERMEDIATE;
}

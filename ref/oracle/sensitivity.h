/* sensitivity.h: the known mistakes a verify run could have seen.
 *
 * For the algorithms tests/mutants.py's catalogue covers (adam, rmsprop,
 * adagrad, adadelta, momentum, adamw, sgdw, gd, sgd), each applicable mistake's one step from given inputs,
 * so that verify can say, per run, which mistakes its data would have shown
 * (their distance from the truth in rounding bounds, doc/verify.md). */
#ifndef OPTREF_SENSITIVITY_H
#define OPTREF_SENSITIVITY_H

#include "optref.h"

typedef struct {
    int id;
    const char *alg, *variant; /* the algorithm and variant it applies to (NULL: any variant) */
    const char *name, *what;   /* "eps_inside", and what it computes */
} optref_mistake;

/* The mistakes that apply to s's algorithm and variant: their number; the
 * first max into list. */
size_t optref_mistakes_of(const optref_setup *s, const optref_mistake **list, size_t max);

/* Step t with mistake m (NULL: the line without a mistake), in binary64: in
 * holds the setup's flat values with x and the state at t − 1, g and eta of
 * step t; out the step's values (x and state; others copied).  0: not written
 * for this setup (a projection). */
int optref_mistake_step(const optref_setup *s, const optref_mistake *m, long t, const double *in, double *out);

#endif

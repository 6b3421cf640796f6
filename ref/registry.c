/* registry.c: the lists of algorithms and problems, name <-> object maps,
 * status strings, number parsing and hyper-parameter checks. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optref.h"

extern const optref_algorithm optref_gd, optref_momentum, optref_nesterov, optref_adagrad,
    optref_rmsprop, optref_adadelta, optref_adam;
extern const optref_problem optref_square, optref_quad_01_2, optref_quad_1_2, optref_rosenbrock,
    optref_linear;

const optref_algorithm *const optref_algorithms[] = {
    &optref_gd, &optref_momentum, &optref_nesterov, &optref_adagrad,
    &optref_rmsprop, &optref_adadelta, &optref_adam, NULL,
};

const optref_problem *const optref_problems[] = {
    &optref_square, &optref_quad_01_2, &optref_quad_1_2, &optref_rosenbrock, &optref_linear, NULL,
};

const char *optref_strerror(optref_status s)
{
    switch (s) {
    case OPTREF_SUCCESS: return "success";
    case OPTREF_EUNKNOWN: return "unknown name";
    case OPTREF_EPARSE: return "malformed number";
    case OPTREF_EVALUE: return "value out of range";
    case OPTREF_EDIM: return "wrong number of coordinates";
    case OPTREF_ENOMEM: return "out of memory";
    case OPTREF_EIO: return "input/output error";
    case OPTREF_ENOTSETTLED: return "values did not settle within the precision cap";
    case OPTREF_EFORMAT: return "malformed file";
    case OPTREF_EMISSING: return "missing value";
    }
    return "unknown status";
}

const optref_algorithm *optref_algorithm_from_name(const char *name)
{
    for (size_t i = 0; optref_algorithms[i]; i++)
        if (strcmp(optref_algorithms[i]->name, name) == 0)
            return optref_algorithms[i];
    return NULL;
}

const optref_problem *optref_problem_from_name(const char *name)
{
    for (size_t i = 0; optref_problems[i]; i++)
        if (strcmp(optref_problems[i]->name, name) == 0)
            return optref_problems[i];
    return NULL;
}

int optref_variant_from_name(const optref_algorithm *a, const char *name)
{
    for (size_t v = 0; v < a->nvariants; v++)
        if (strcmp(a->variants[v].name, name) == 0)
            return (int)v;
    return -1;
}

int optref_hparam_from_name(const optref_algorithm *a, const char *name)
{
    for (size_t k = 0; k < a->nhp; k++)
        if (strcmp(a->hp[k].name, name) == 0)
            return (int)k;
    return -1;
}

int optref_hparam_used(const optref_algorithm *a, size_t variant, size_t k)
{
    return a->hp[k].vmask == 0 || (a->hp[k].vmask >> variant) & 1u;
}

int optref_state_used(const optref_algorithm *a, size_t variant, size_t k)
{
    return a->state[k].vmask == 0 || (a->state[k].vmask >> variant) & 1u;
}

optref_status optref_parse_double(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return OPTREF_EPARSE;
    /* strtod skips leading space; a number in a field must not have any */
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
        return OPTREF_EPARSE;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return OPTREF_EPARSE;
    /* ERANGE on underflow still returns the correctly rounded subnormal or
     * zero, which is the value meant; on overflow strtod returns ±HUGE_VAL = ±inf,
     * which the caller's range check rejects where inf is not allowed. */
    *out = v;
    return OPTREF_SUCCESS;
}

optref_status optref_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!s || !isdigit((unsigned char)*s))
        return OPTREF_EPARSE;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < lo || v > hi)
        return OPTREF_EPARSE;
    *out = v;
    return OPTREF_SUCCESS;
}

optref_status optref_hparam_check(const optref_hparam *h, double v)
{
    if (isnan(v))
        return OPTREF_EVALUE;
    if (isinf(v) && !(h->flags & OPTREF_HP_INF_OK))
        return OPTREF_EVALUE;
    if ((h->flags & OPTREF_HP_POSITIVE) && !(v > 0))
        return OPTREF_EVALUE;
    if ((h->flags & OPTREF_HP_NONNEG) && !(v >= 0))
        return OPTREF_EVALUE;
    if ((h->flags & OPTREF_HP_UNIT) && !(v >= 0 && v < 1))
        return OPTREF_EVALUE;
    return OPTREF_SUCCESS;
}

void optref_setup_init(optref_setup *s, const optref_algorithm *a, size_t variant,
                       const optref_problem *p)
{
    memset(s, 0, sizeof *s);
    s->alg = a;
    s->variant = variant;
    s->prob = p;
    for (size_t i = 0; i < p->n; i++)
        s->x0[i] = p->x0[i];
    for (size_t k = 0; k < a->nhp; k++)
        s->hp[k] = a->hp[k].def;
    for (size_t k = 0; k < p->ncoef; k++)
        s->coef[k] = p->coef[k];
}

/* MPFR's exponent convention: x = m·2^e with 1/2 <= m < 1, so binary64's
 * largest finite value is just below 2^1024 (emax = 1024) and its smallest
 * subnormal is 2^-1074 = 0.5·2^-1073 (emin = -1073). */
const optref_format optref_binary64 = { "f64", 53, -1073, 1024 };
const optref_format optref_binary32 = { "f32", 24, -148, 128 };
const optref_format optref_bfloat16 = { "bf16", 8, -132, 128 };
const optref_format optref_binary16 = { "f16", 11, -23, 16 };

const optref_format *optref_format_from_name(const char *name)
{
    const optref_format *all[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                   &optref_binary16 };
    for (size_t i = 0; i < 4; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

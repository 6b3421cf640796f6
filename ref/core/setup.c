/* setup.c: what to run (algorithm, variant, problem, schedule, hyper-
 * parameters, x0), its "name=value" items and checks, and the table of its
 * recorded quantities, built once. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lineread.h"
#include "ws_both.h" /* the problem's hess hook, for needs_hessian */

size_t optref_state_len(const optref_setup *s, size_t k)
{
    switch (s->alg->state[k].extent) {
    case OPTREF_SCALAR: return 1;
    case OPTREF_PER_LAYER: return s->prob->nlayer;
    case OPTREF_PER_COORD2: return s->prob->n * s->prob->n;
    case OPTREF_PER_ROW:
    case OPTREF_PER_COL: {
        size_t len = 0;
        for (size_t l = 0; l < s->prob->nlayer; l++)
            len += s->alg->state[k].extent == OPTREF_PER_ROW ? s->prob->layer[l].rows : s->prob->layer[l].cols;
        return len;
    }
    default: return s->prob->n;
    }
}

/* x, recorded states, eta, g, f: names, lengths, lines, flat offsets. */
static optref_status build_quantities(optref_setup *s)
{
    const optref_algorithm *a = s->alg;
    const optref_variant *v = &a->variants[s->variant];
    size_t max = a->nstate + 4, k = 0;
    s->qt = calloc(max, sizeof *s->qt);
    s->qsrc = calloc(max, sizeof *s->qsrc);
    if (!s->qt || !s->qsrc)
        return OPTREF_ENOMEM;
    size_t n = s->prob->n;
#define ADD(nm, ln, line_, vec, src)                                                \
    (s->qt[k] = (optref_quantity){ nm, ln, 0, line_, vec, (src) == OPTREF_Q_ETA || (src) == OPTREF_Q_G }, \
     s->qsrc[k++] = (src))
    ADD("x", n, v->x_line, 1, OPTREF_Q_X);
    for (size_t j = 0; j < a->nstate; j++)
        if (optref_state_used(&a->state[j], s->variant) && !a->state[j].internal)
            ADD(a->state[j].name, optref_state_len(s, j), a->state[j].line,
                a->state[j].extent != OPTREF_SCALAR, (int)j);
    if (s->step >= 0)
        ADD("eta", 1, a->hp[s->step].line ? a->hp[s->step].line : v->x_line, 0, OPTREF_Q_ETA);
    ADD("g", n, v->g_line, 1, OPTREF_Q_G);
    ADD("f", 1, -1, 0, OPTREF_Q_F);
#undef ADD
    s->nqt = k;
    s->nq = 0;
    for (size_t j = 0; j < k; j++) {
        s->qt[j].offset = s->nq;
        s->nq += s->qt[j].len;
    }
    return OPTREF_SUCCESS;
}

optref_status optref_setup_new_on(optref_setup **out, const optref_algorithm *a, size_t variant,
                                  optref_problem *p, char *err, size_t errlen)
{
    *out = NULL;
    if (a->needs_hessian && !(p->type->d && p->type->d->hess)) {
        snprintf(err, errlen, "%s needs the Hessian of its problem; problem %s (family %s) has none",
                 a->name, p->name, p->type->name);
        optref_problem_free(p);
        return OPTREF_EVALUE;
    }
    for (size_t k = 0; k < a->nstate; k++)
        if (a->state[k].extent == OPTREF_PER_COORD2 && p->n && p->n > SIZE_MAX / p->n) {
            snprintf(err, errlen, "%s: state %s holds n·n values; n = %zu overflows", a->name, a->state[k].name,
                     p->n);
            optref_problem_free(p);
            return OPTREF_EDIM;
        }
    optref_setup *s = calloc(1, sizeof *s);
    if (!s) {
        optref_problem_free(p);
        snprintf(err, errlen, "out of memory");
        return OPTREF_ENOMEM;
    }
    s->alg = a;
    s->variant = variant;
    s->prob = p;
    s->step = -1;
    for (size_t k = 0; k < a->nhp; k++)
        if ((a->hp[k].flags & OPTREF_P_STEP) && optref_param_used(&a->hp[k], variant))
            s->step = (int)k;
    s->x0 = malloc((p->n ? p->n : 1) * sizeof *s->x0);
    s->hp = malloc((a->nhp ? a->nhp : 1) * sizeof *s->hp);
    optref_status st = s->x0 && s->hp ? build_quantities(s) : OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS)
        st = optref_setup_set(s, "schedule=constant", err, errlen);
    if (st != OPTREF_SUCCESS) {
        optref_setup_free(s);
        if (st == OPTREF_ENOMEM)
            snprintf(err, errlen, "out of memory");
        return st;
    }
    memcpy(s->x0, p->x0, p->n * sizeof *s->x0);
    for (size_t k = 0; k < a->nhp; k++)
        s->hp[k] = a->hp[k].def;
    *out = s;
    return OPTREF_SUCCESS;
}

static optref_status setup_new(optref_setup **out, const char *algorithm, const char *variant,
                               const char *problem, char *err, size_t errlen)
{
    *out = NULL;
    const optref_algorithm *a = optref_algorithm_from_name(algorithm);
    if (!a) {
        snprintf(err, errlen, "unknown algorithm '%s'; `optref list` shows them", algorithm);
        return OPTREF_EUNKNOWN;
    }
    int v = variant ? optref_variant_from_name(a, variant) : 0;
    if (v < 0) {
        snprintf(err, errlen, "unknown variant '%s' of %s; `optref list` shows them", variant, a->name);
        return OPTREF_EUNKNOWN;
    }
    optref_problem *p;
    optref_status st = optref_problem_new(&p, problem, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    return optref_setup_new_on(out, a, (size_t)v, p, err, errlen);
}

void optref_setup_free(optref_setup *s)
{
    if (!s)
        return;
    optref_problem_free(s->prob);
    free(s->sched_spec);
    free(s->sp);
    free(s->spv);
    free(s->x0);
    free(s->hp);
    free(s->qt);
    free(s->qsrc);
    free(s);
}

static optref_status set_x0(optref_setup *s, const char *list, char *err, size_t errlen)
{
    size_t n = s->prob->n, k = 0;
    const char *p = list;
    for (;; k++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (k >= n) {
            snprintf(err, errlen, "x0: problem %s has %zu coordinate%s, more were given",
                     s->prob->name, n, n == 1 ? "" : "s");
            return OPTREF_EDIM;
        }
        char buf[128];
        double v;
        if (len >= sizeof buf || (snprintf(buf, sizeof buf, "%.*s", (int)len, p),
                                  optref_parse_double(buf, &v) != OPTREF_SUCCESS)) {
            snprintf(err, errlen, "x0: malformed number '%.*s' (coordinate %zu)", (int)(len < 40 ? len : 40),
                     p, k);
            return OPTREF_EPARSE;
        }
        if (!isfinite(v)) {
            snprintf(err, errlen, "x0: coordinate %zu is %s; a start must be finite", k, buf);
            return OPTREF_EVALUE;
        }
        if (v == 0 && optref_literal_nonzero(buf)) {
            snprintf(err, errlen, "x0: coordinate %zu, %s, underflows to 0 in binary64", k, buf);
            return OPTREF_EVALUE;
        }
        s->x0[k] = v;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (k + 1 != n) {
        snprintf(err, errlen, "x0: problem %s has %zu coordinates, %zu given", s->prob->name, n, k + 1);
        return OPTREF_EDIM;
    }
    return OPTREF_SUCCESS;
}

/* schedule=NAME[:p=v,...] */
static optref_status set_schedule(optref_setup *s, const char *spec, char *err, size_t errlen)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    const optref_schedule *sc = NULL;
    for (size_t i = 0; optref_schedules[i]; i++)
        if (strlen(optref_schedules[i]->name) == len && strncmp(optref_schedules[i]->name, spec, len) == 0)
            sc = optref_schedules[i];
    if (!sc) {
        snprintf(err, errlen, "unknown schedule '%.*s'; `optref list` shows them", (int)(len < 64 ? len : 64),
                 spec);
        return OPTREF_EUNKNOWN;
    }
    if (s->step < 0 && strcmp(sc->name, "constant") != 0) {
        snprintf(err, errlen, "schedule %s: %s %s has no step size to schedule", sc->name, s->alg->name,
                 s->alg->variants[s->variant].name);
        return OPTREF_EVALUE;
    }
    optref_pvals *pv;
    optref_status st = optref_pvals_parse(&pv, sc->name, colon ? colon + 1 : "", sc->params, sc->nparams,
                                          err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    double *sp = malloc((sc->nparams ? sc->nparams : 1) * sizeof *sp), *spv = NULL;
    char *copy = malloc(strlen(spec) + 1);
    int ok = sp && copy;
    for (size_t k = 0; ok && k < sc->nparams; k++) {
        size_t len = 0;
        const double *v = optref_pv_vec(pv, sc->params[k].name, &len);
        sp[k] = sc->params[k].flags & OPTREF_P_VECTOR ? (double)len : optref_pv_real(pv, sc->params[k].name);
        if ((sc->params[k].flags & OPTREF_P_VECTOR) && (ok = (spv = malloc((len ? len : 1) * sizeof *spv)) != NULL) && len)
            memcpy(spv, v, len * sizeof *spv); /* one list parameter at most */
    }
    optref_pvals_free(pv);
    const char *why = ok && sc->check ? sc->check(sp) : NULL;
    if (!ok || why) {
        free(sp), free(spv), free(copy);
        snprintf(err, errlen, ok ? "schedule %s: %s" : "out of memory", sc->name, why);
        return ok ? OPTREF_EVALUE : OPTREF_ENOMEM;
    }
    strcpy(copy, spec);
    free(s->sp);
    free(s->spv);
    free(s->sched_spec);
    s->sched = sc;
    s->sp = sp;
    s->spv = spv;
    s->sched_spec = copy;
    return OPTREF_SUCCESS;
}

static optref_status setup_set(optref_setup *s, const char *item, char *err, size_t errlen)
{
    const char *eq = strchr(item, '=');
    if (!eq || eq == item) {
        snprintf(err, errlen, "'%.60s': expected name=value", item);
        return OPTREF_EPARSE;
    }
    size_t len = (size_t)(eq - item);
    const char *val = eq + 1;
    if (len == 2 && strncmp(item, "x0", 2) == 0)
        return set_x0(s, val, err, errlen);
    if (len == 8 && strncmp(item, "schedule", 8) == 0)
        return set_schedule(s, val, err, errlen);
    const optref_algorithm *a = s->alg;
    int k = -1;
    for (size_t j = 0; j < a->nhp; j++)
        if (strlen(a->hp[j].name) == len && strncmp(a->hp[j].name, item, len) == 0)
            k = (int)j;
    if (k < 0) {
        char known[512] = "";
        for (size_t j = 0; j < a->nhp; j++)
            if (optref_param_used(&a->hp[j], s->variant) && strlen(known) + strlen(a->hp[j].name) + 2 < sizeof known) {
                strcat(known, a->hp[j].name);
                strcat(known, " ");
            }
        snprintf(err, errlen, "unknown hyper-parameter '%.*s' for %s (known: %sx0 schedule)",
                 (int)(len < 64 ? len : 64), item, a->name, known);
        return OPTREF_EUNKNOWN;
    }
    const optref_param *h = &a->hp[k];
    if (!optref_param_used(h, s->variant)) {
        snprintf(err, errlen, "hyper-parameter '%s' is not used by variant %s of %s", h->name,
                 a->variants[s->variant].name, a->name);
        return OPTREF_EUNKNOWN;
    }
    double v;
    if (optref_parse_double(val, &v) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s: malformed number '%.60s'", h->name, val);
        return OPTREF_EPARSE;
    }
    char range[64];
    if (v == 0 && optref_literal_nonzero(val)) {
        snprintf(err, errlen, "%s = %.60s underflows to 0 in binary64 (%s)", h->name, val,
                 optref_param_range(h, range, sizeof range));
        return OPTREF_EVALUE;
    }
    if (optref_param_check(h, v) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s = %.60s is out of range: %s (%s)", h->name, val,
                 optref_param_range(h, range, sizeof range), h->doc);
        return OPTREF_EVALUE;
    }
    s->hp[k] = v;
    return OPTREF_SUCCESS;
}

optref_status optref_setup_check(const optref_setup *s, char *err, size_t errlen)
{
    const optref_algorithm *a = s->alg;
    for (size_t k = 0; k < a->nhp; k++) {
        const optref_param *h = &a->hp[k];
        if (!optref_param_used(h, s->variant))
            continue;
        if (isnan(s->hp[k])) {
            snprintf(err, errlen, "missing hyper-parameter %s=... (%s)", h->name, h->doc);
            return OPTREF_EMISSING;
        }
        if (optref_param_check(h, s->hp[k]) != OPTREF_SUCCESS) {
            char range[64];
            snprintf(err, errlen, "%s = %g is out of range: %s (%s)", h->name, s->hp[k],
                     optref_param_range(h, range, sizeof range), h->doc);
            return OPTREF_EVALUE;
        }
    }
    const char *why = a->check ? a->check(s->hp) : NULL;
    if (why) {
        snprintf(err, errlen, "%s", why);
        return OPTREF_EVALUE;
    }
    for (size_t i = 0; i < s->prob->n; i++)
        if (!isfinite(s->x0[i])) {
            snprintf(err, errlen, "x0[%zu] is not finite", i);
            return OPTREF_EVALUE;
        }
    return OPTREF_SUCCESS;
}

static void *dup_mem(const void *p, size_t len)
{
    void *d = malloc(len ? len : 1);
    if (d && len)
        memcpy(d, p, len);
    return d;
}

static optref_problem *problem_rounded(const optref_problem *p, const optref_format *fmt)
{
    optref_problem *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = *p;
    r->name = dup_mem(p->name, strlen(p->name) + 1);
    r->x0 = dup_mem(p->x0, p->n * sizeof *p->x0);
    r->xmin = p->xmin ? dup_mem(p->xmin, p->n * sizeof *p->xmin) : NULL;
    r->coef = dup_mem(p->coef, p->ncoef * sizeof *p->coef);
    r->layer = dup_mem(p->layer, p->nlayer * sizeof *p->layer);
    if (!r->name || !r->x0 || (p->xmin && !r->xmin) || !r->coef || !r->layer) {
        optref_problem_free(r);
        return NULL;
    }
    for (size_t k = 0; k < r->ncoef; k++)
        r->coef[k] = optref_round_d_to(r->coef[k], fmt);
    return r;
}

optref_setup *optref_setup_rounded(const optref_setup *s, const optref_format *fmt)
{
    optref_setup *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = *s;
    r->prob = problem_rounded(s->prob, fmt);
    r->sched_spec = dup_mem(s->sched_spec, strlen(s->sched_spec) + 1);
    r->sp = dup_mem(s->sp, s->sched->nparams * sizeof *s->sp);
    r->spv = NULL;
    for (size_t k = 0; k < s->sched->nparams; k++)
        if (s->sched->params[k].flags & OPTREF_P_VECTOR)
            r->spv = dup_mem(s->spv, (size_t)s->sp[k] * sizeof *s->spv);
    r->x0 = dup_mem(s->x0, s->prob->n * sizeof *s->x0);
    r->hp = dup_mem(s->hp, s->alg->nhp * sizeof *s->hp);
    r->qt = dup_mem(s->qt, s->nqt * sizeof *s->qt);
    r->qsrc = dup_mem(s->qsrc, s->nqt * sizeof *s->qsrc);
    if (!r->prob || !r->sched_spec || !r->sp || (s->spv && !r->spv) || !r->x0 || !r->hp || !r->qt || !r->qsrc) {
        optref_setup_free(r);
        return NULL;
    }
    r->fmt = fmt;
    for (size_t k = 0; k < s->alg->nhp; k++)
        if (isfinite(r->hp[k]) && !(s->alg->hp[k].flags & OPTREF_P_HOST))
            r->hp[k] = optref_round_d_to(r->hp[k], fmt);
    /* Whole-number schedule parameters (T, steps, list counts) are step counts,
     * used in C integers, never in the arithmetic: not rounded.  A flavor's
     * schedule is the framework's, computed on the host in binary64. */
    for (size_t k = 0; k < s->sched->nparams && !s->alg->flavor_of; k++)
        if (isfinite(r->sp[k]) && !(s->sched->params[k].flags & (OPTREF_P_WHOLE | OPTREF_P_VECTOR)))
            r->sp[k] = optref_round_d_to(r->sp[k], fmt);
    for (size_t i = 0; i < s->prob->n; i++)
        r->x0[i] = optref_round_d_to(r->x0[i], fmt);
    return r;
}

/* ---- accessors ------------------------------------------------------------ */

const optref_algorithm *optref_setup_algorithm(const optref_setup *s) { return s->alg; }
size_t optref_setup_variant(const optref_setup *s) { return s->variant; }
const optref_problem *optref_setup_problem(const optref_setup *s) { return s->prob; }
const optref_schedule *optref_setup_schedule(const optref_setup *s) { return s->sched; }
const char *optref_setup_schedule_spec(const optref_setup *s) { return s->sched_spec; }
const double *optref_setup_x0(const optref_setup *s) { return s->x0; }

double optref_setup_hparam(const optref_setup *s, const char *name)
{
    int k = optref_param_from_name(s->alg->hp, s->alg->nhp, name);
    return k < 0 ? NAN : s->hp[k];
}

size_t optref_nquantities(const optref_setup *s) { return s->nqt; }
const optref_quantity *optref_quantity_at(const optref_setup *s, size_t k)
{
    return k < s->nqt ? &s->qt[k] : NULL;
}

const optref_quantity *optref_quantity_from_name(const optref_setup *s, const char *name)
{
    for (size_t k = 0; k < s->nqt; k++)
        if (strcmp(s->qt[k].name, name) == 0)
            return &s->qt[k];
    return NULL;
}

size_t optref_nq(const optref_setup *s) { return s->nq; }

/* Binary search over the offsets: O(log quantities). */
const optref_quantity *optref_q_quantity(const optref_setup *s, size_t q, size_t *index)
{
    size_t lo = 0, hi = s->nqt;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->qt[mid].offset <= q)
            lo = mid;
        else
            hi = mid;
    }
    *index = q - s->qt[lo].offset;
    return &s->qt[lo];
}

void optref_qname(const optref_setup *s, size_t q, char *buf, size_t len)
{
    size_t i;
    const optref_quantity *Q = optref_q_quantity(s, q, &i);
    if (Q->vector)
        snprintf(buf, len, "%s[%zu]", Q->name, i);
    else
        snprintf(buf, len, "%s", Q->name);
}

int optref_q_from_t1(const optref_setup *s, size_t q)
{
    size_t i;
    return optref_q_quantity(s, q, &i)->from_t1;
}

int optref_q_line(const optref_setup *s, size_t q)
{
    size_t i;
    return optref_q_quantity(s, q, &i)->line;
}

/* Errors are one visible line whatever bytes the input held (lineread.h). */
optref_status optref_setup_set(optref_setup *s, const char *item, char *err, size_t errlen)
{
    optref_status st = setup_set(s, item, err, errlen);
    if (st != OPTREF_SUCCESS)
        optref_err_visible(err, errlen);
    return st;
}

optref_status optref_setup_new(optref_setup **out, const char *algorithm, const char *variant,
                               const char *problem, char *err, size_t errlen)
{
    optref_status st = setup_new(out, algorithm, variant, problem, err, errlen);
    if (st != OPTREF_SUCCESS)
        optref_err_visible(err, errlen);
    return st;
}

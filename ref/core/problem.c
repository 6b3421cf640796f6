/* problem.c: problem instances from a family and its parameters
 * ("quad:a=0.1,2", "quad:n=1000,cond=100", a preset name), or from the
 * caller's objective; the parameter lists of specs, shared with schedules. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lineread.h"

typedef struct {
    const optref_param *decl;
    double *v;   /* values; layers: rows, cols pairs */
    size_t n;
} pitem;

struct optref_pvals {
    pitem *item;
    size_t nitem;
    const optref_param *decl; /* for defaults */
    size_t ndecl;
};

/* What every problem takes besides its family's parameters. */
static const optref_param common[] = {
    { .name = "x0", .symbol = "x₀", .def = NAN, .flags = OPTREF_P_VECTOR,
      .doc = "the start, n values (default: the family's)" },
    { .name = "layers", .symbol = "", .def = NAN, .flags = OPTREF_P_VECTOR,
      .doc = "groups of coordinates, ROWSxCOLS or N each, in order; they cover x (default: one)" },
};

static const optref_param *find_decl(const char *name, size_t len, const optref_param *decl,
                                     size_t ndecl, int with_common)
{
    for (size_t k = 0; k < ndecl; k++)
        if (strlen(decl[k].name) == len && strncmp(decl[k].name, name, len) == 0)
            return &decl[k];
    for (size_t k = 0; with_common && k < OPTREF_COUNT(common); k++)
        if (strlen(common[k].name) == len && strncmp(common[k].name, name, len) == 0)
            return &common[k];
    return NULL;
}

void optref_pvals_free(optref_pvals *v)
{
    if (!v)
        return;
    for (size_t k = 0; k < v->nitem; k++)
        free(v->item[k].v);
    free(v->item);
    free(v);
}

/* One value of an item: a number, or for layers ROWSxCOLS / N. */
static optref_status parse_value(pitem *it, const char *tok, size_t len, const char *what, char *err,
                                 size_t errlen)
{
    char buf[128];
    if (len >= sizeof buf) {
        snprintf(err, errlen, "%s: %s: value '%.40s...' too long", what, it->decl->name, tok);
        return OPTREF_EPARSE;
    }
    snprintf(buf, sizeof buf, "%.*s", (int)len, tok);
    double *nv = realloc(it->v, (it->n + 2) * sizeof *nv);
    if (!nv) {
        snprintf(err, errlen, "out of memory");
        return OPTREF_ENOMEM;
    }
    it->v = nv;
    if (strcmp(it->decl->name, "layers") == 0) {
        long r, c = 1;
        char *x = strchr(buf, 'x');
        if (x)
            *x = '\0';
        if (optref_parse_long(buf, 1, 1L << 40, &r) != OPTREF_SUCCESS ||
            (x && optref_parse_long(x + 1, 1, 1L << 40, &c) != OPTREF_SUCCESS)) {
            snprintf(err, errlen, "%s: layers: '%.*s' is not ROWSxCOLS or N", what, (int)len, tok);
            return OPTREF_EPARSE;
        }
        it->v[it->n++] = (double)r;
        it->v[it->n++] = (double)c;
        return OPTREF_SUCCESS;
    }
    double d;
    if (optref_parse_double(buf, &d) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s: %s: malformed number '%s'", what, it->decl->name, buf);
        return OPTREF_EPARSE;
    }
    char range[64];
    if (d == 0 && optref_literal_nonzero(buf)) {
        snprintf(err, errlen, "%s: %s = %s underflows to 0 in binary64", what, it->decl->name, buf);
        return OPTREF_EVALUE;
    }
    if (optref_param_check(it->decl, d) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s: %s = %s is out of range: %s (%s)", what, it->decl->name, buf,
                 optref_param_range(it->decl, range, sizeof range), it->decl->doc);
        return OPTREF_EVALUE;
    }
    it->v[it->n++] = d;
    return OPTREF_SUCCESS;
}

/* "a=1,2,b=3": a token with '=' starts a parameter, one without continues
 * the last one's list. */
static optref_status parse_items(optref_pvals *pv, const char *what, const char *params,
                                 const optref_param *decl, size_t ndecl, int with_common, char *err,
                                 size_t errlen)
{
    const char *p = params;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        const char *val = p;
        if (eq) {
            const optref_param *d = find_decl(p, (size_t)(eq - p), decl, ndecl, with_common);
            if (!d) {
                snprintf(err, errlen, "%s: unknown parameter '%.*s'; `optref list` shows them", what,
                         (int)((size_t)(eq - p) < 40 ? (size_t)(eq - p) : 40), p);
                return OPTREF_EUNKNOWN;
            }
            for (size_t k = 0; k < pv->nitem; k++)
                if (pv->item[k].decl == d) {
                    snprintf(err, errlen, "%s: parameter %s given twice", what, d->name);
                    return OPTREF_EPARSE;
                }
            pitem *ni = realloc(pv->item, (pv->nitem + 1) * sizeof *ni);
            if (!ni) {
                snprintf(err, errlen, "out of memory");
                return OPTREF_ENOMEM;
            }
            pv->item = ni;
            pv->item[pv->nitem++] = (pitem){ .decl = d };
            val = eq + 1;
            len -= (size_t)(val - p);
        } else if (pv->nitem == 0 || !(pv->item[pv->nitem - 1].decl->flags & OPTREF_P_VECTOR)) {
            snprintf(err, errlen, "%s: '%.*s': expected name=value", what, (int)(len < 40 ? len : 40), p);
            return OPTREF_EPARSE;
        }
        optref_status st = parse_value(&pv->item[pv->nitem - 1], val, len, what, err, errlen);
        if (st != OPTREF_SUCCESS)
            return st;
        p = comma ? comma + 1 : p + strlen(p);
        if (comma && !*p) {
            snprintf(err, errlen, "%s: a trailing comma", what);
            return OPTREF_EPARSE;
        }
    }
    return OPTREF_SUCCESS;
}

static optref_status parse_with(optref_pvals **out, const char *what, const char *params,
                                const optref_param *decl, size_t ndecl, int with_common, char *err,
                                size_t errlen)
{
    optref_pvals *pv = calloc(1, sizeof *pv);
    *out = NULL;
    if (!pv) {
        snprintf(err, errlen, "out of memory");
        return OPTREF_ENOMEM;
    }
    pv->decl = decl;
    pv->ndecl = ndecl;
    optref_status st = parse_items(pv, what, params, decl, ndecl, with_common, err, errlen);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < ndecl; k++)
        if (!(decl[k].flags & OPTREF_P_VECTOR) && isnan(decl[k].def) && !optref_pv_has(pv, decl[k].name)) {
            snprintf(err, errlen, "%s: missing parameter %s=... (%s)", what, decl[k].name, decl[k].doc);
            st = OPTREF_EMISSING;
        }
    if (st != OPTREF_SUCCESS) {
        optref_pvals_free(pv);
        return st;
    }
    *out = pv;
    return OPTREF_SUCCESS;
}

optref_status optref_pvals_parse(optref_pvals **out, const char *what, const char *params,
                                 const optref_param *decl, size_t ndecl, char *err, size_t errlen)
{
    return parse_with(out, what, params, decl, ndecl, 0, err, errlen);
}

static const pitem *find_item(const optref_pvals *v, const char *name)
{
    for (size_t k = 0; k < v->nitem; k++)
        if (strcmp(v->item[k].decl->name, name) == 0)
            return &v->item[k];
    return NULL;
}

int optref_pv_has(const optref_pvals *v, const char *name) { return find_item(v, name) != NULL; }

double optref_pv_real(const optref_pvals *v, const char *name)
{
    const pitem *it = find_item(v, name);
    if (it)
        return it->v[0];
    int k = optref_param_from_name(v->decl, v->ndecl, name);
    return k < 0 ? NAN : v->decl[k].def;
}

const double *optref_pv_vec(const optref_pvals *v, const char *name, size_t *len)
{
    const pitem *it = find_item(v, name);
    *len = it ? it->n : 0;
    return it ? it->v : NULL;
}

/* ---- instances -------------------------------------------------------------- */

optref_status optref_problem_alloc(optref_problem *p, size_t n, size_t ncoef, int has_xmin)
{
    p->n = n;
    p->ncoef = ncoef;
    p->x0 = calloc(n ? n : 1, sizeof *p->x0);
    p->coef = calloc(ncoef ? ncoef : 1, sizeof *p->coef);
    p->xmin = has_xmin ? calloc(n ? n : 1, sizeof *p->xmin) : NULL;
    return p->x0 && p->coef && (p->xmin || !has_xmin) ? OPTREF_SUCCESS : OPTREF_ENOMEM;
}

void optref_problem_free(optref_problem *p)
{
    if (!p)
        return;
    free(p->name);
    free(p->x0);
    free(p->xmin);
    free(p->coef);
    free(p->layer);
    free(p);
}

static optref_problem *blank(const optref_problem_type *T, const char *name)
{
    optref_problem *p = calloc(1, sizeof *p);
    if (!p || !(p->name = malloc(strlen(name) + 1))) {
        free(p);
        return NULL;
    }
    strcpy(p->name, name);
    p->type = T;
    p->fmin = p->L = p->mu = p->D = p->Ginf = NAN;
    return p;
}

/* x0= and layers=, which every problem takes. */
static optref_status apply_common(optref_problem *p, const optref_pvals *pv, char *err, size_t errlen)
{
    size_t len;
    const double *x0 = optref_pv_vec(pv, "x0", &len);
    if (x0 && len != p->n) {
        snprintf(err, errlen, "%s: x0 has %zu values, the problem has dimension %zu", p->name, len, p->n);
        return OPTREF_EDIM;
    }
    for (size_t i = 0; x0 && i < len; i++)
        if (!isfinite(x0[i])) {
            snprintf(err, errlen, "%s: x0[%zu] is not finite", p->name, i);
            return OPTREF_EVALUE;
        }
    if (x0)
        memcpy(p->x0, x0, len * sizeof *x0);
    const double *ly = optref_pv_vec(pv, "layers", &len);
    p->nlayer = ly ? len / 2 : 1;
    p->layer = malloc(p->nlayer * sizeof *p->layer);
    if (!p->layer) {
        snprintf(err, errlen, "out of memory");
        return OPTREF_ENOMEM;
    }
    if (!ly) {
        p->layer[0] = (optref_layer){ 0, p->n, 1 };
        return OPTREF_SUCCESS;
    }
    size_t off = 0;
    for (size_t k = 0; k < p->nlayer; k++) {
        size_t r = (size_t)ly[2 * k], c = (size_t)ly[2 * k + 1];
        p->layer[k] = (optref_layer){ off, r, c };
        off += r * c;
        if (off > p->n)
            break;
    }
    if (off != p->n) {
        snprintf(err, errlen, "%s: layers cover %zu%s coordinates, the problem has %zu", p->name, off,
                 off > p->n ? " or more" : "", p->n);
        return OPTREF_EDIM;
    }
    return OPTREF_SUCCESS;
}

/* The family and parameter list of a spec or preset name. */
static const optref_problem_type *resolve(const char *spec, const char **params, char *fam, size_t famlen)
{
    const optref_problem_type *T;
    const optref_preset *ps = optref_preset_from_name(spec, &T);
    if (ps) {
        *params = ps->params;
        return T;
    }
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    snprintf(fam, famlen, "%.*s", (int)len, spec);
    *params = colon ? colon + 1 : "";
    return optref_problem_type_from_name(fam);
}

static optref_status problem_new(optref_problem **out, const char *spec, char *err, size_t errlen)
{
    *out = NULL;
    const char *params;
    char fam[64];
    const optref_problem_type *T = resolve(spec, &params, fam, sizeof fam);
    if (!T) {
        snprintf(err, errlen, "unknown problem '%.60s'; `optref list` shows the families and presets", spec);
        return OPTREF_EUNKNOWN;
    }
    optref_problem *p = blank(T, spec);
    optref_pvals *pv = NULL;
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return OPTREF_ENOMEM;
    }
    optref_status st = parse_with(&pv, p->name, params, T->params, T->nparams, 1, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = T->create(p, pv, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = apply_common(p, pv, err, errlen);
    optref_pvals_free(pv);
    if (st != OPTREF_SUCCESS) {
        if (st == OPTREF_ENOMEM)
            snprintf(err, errlen, "%s: out of memory", spec);
        optref_problem_free(p);
        return st;
    }
    *out = p;
    return OPTREF_SUCCESS;
}

optref_status optref_problem_from_function(optref_problem **out, const optref_function_fdf *fn,
                                           const double *x0)
{
    *out = NULL;
    if (!fn || !fn->f || !fn->df || fn->n == 0 || !x0)
        return OPTREF_EVALUE;
    for (size_t i = 0; i < fn->n; i++)
        if (!isfinite(x0[i]))
            return OPTREF_EVALUE;
    optref_problem *p = blank(&optref_user_type, "user");
    if (!p || optref_problem_alloc(p, fn->n, 0, 0) != OPTREF_SUCCESS ||
        !(p->layer = malloc(sizeof *p->layer))) {
        optref_problem_free(p);
        return OPTREF_ENOMEM;
    }
    memcpy(p->x0, x0, fn->n * sizeof *x0);
    p->user = *fn;
    p->nlayer = 1;
    p->layer[0] = (optref_layer){ 0, fn->n, 1 };
    *out = p;
    return OPTREF_SUCCESS;
}

const char *optref_problem_name(const optref_problem *p) { return p->name; }
const optref_problem_type *optref_problem_family(const optref_problem *p)
{
    return p->type == &optref_user_type ? NULL : p->type;
}
size_t optref_problem_dim(const optref_problem *p) { return p->n; }
const double *optref_problem_x0(const optref_problem *p) { return p->x0; }
const double *optref_problem_xmin(const optref_problem *p) { return p->xmin; }
size_t optref_problem_nlayers(const optref_problem *p) { return p->nlayer; }

void optref_problem_layer(const optref_problem *p, size_t k, size_t *offset, size_t *rows, size_t *cols)
{
    *offset = p->layer[k].off;
    *rows = p->layer[k].rows;
    *cols = p->layer[k].cols;
}

double optref_problem_constant(const optref_problem *p, const char *name)
{
    const struct {
        const char *name;
        double v;
    } c[] = { { "fmin", p->fmin }, { "L", p->L }, { "mu", p->mu }, { "D", p->D }, { "Ginf", p->Ginf },
              { "m", p->m ? (double)p->m : NAN }, { "batch", p->batch ? (double)p->batch : NAN } };
    for (size_t k = 0; k < OPTREF_COUNT(c); k++)
        if (strcmp(c[k].name, name) == 0)
            return c[k].v;
    return NAN;
}

/* Errors are one visible line whatever bytes the input held (lineread.h). */
optref_status optref_problem_new(optref_problem **out, const char *spec, char *err, size_t errlen)
{
    optref_status st = problem_new(out, spec, err, errlen);
    if (st != OPTREF_SUCCESS)
        optref_err_visible(err, errlen);
    return st;
}

/* setup.c: "name=value" items for a run setup, and their checks; shared by
 * the case-spec reader and the command line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

static optref_status parse_x0(optref_setup *s, const char *list, char *err, size_t errlen)
{
    size_t n = s->prob->n, k = 0;
    char buf[4096];
    if (strlen(list) >= sizeof buf) {
        snprintf(err, errlen, "x0: list too long");
        return OPTREF_EPARSE;
    }
    strcpy(buf, list);
    char *p = buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        double v;
        if (k >= n) {
            snprintf(err, errlen, "x0: problem %s has %zu coordinate%s, more were given",
                     s->prob->name, n, n == 1 ? "" : "s");
            return OPTREF_EDIM;
        }
        if (optref_parse_double(p, &v) != OPTREF_SUCCESS) {
            snprintf(err, errlen, "x0: malformed number '%s' (coordinate %zu)", p, k);
            return OPTREF_EPARSE;
        }
        if (!isfinite(v)) {
            snprintf(err, errlen, "x0: coordinate %zu is %s; a start must be finite", k, p);
            return OPTREF_EVALUE;
        }
        s->x0[k++] = v;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (k != n) {
        snprintf(err, errlen, "x0: problem %s has %zu coordinates, %zu given", s->prob->name, n, k);
        return OPTREF_EDIM;
    }
    return OPTREF_SUCCESS;
}

optref_status optref_setup_set(optref_setup *s, const char *item, char *err, size_t errlen)
{
    const char *eq = strchr(item, '=');
    if (!eq || eq == item) {
        snprintf(err, errlen, "'%s': expected name=value", item);
        return OPTREF_EPARSE;
    }
    char name[64];
    size_t len = (size_t)(eq - item);
    if (len >= sizeof name) {
        snprintf(err, errlen, "'%.40s...': name too long", item);
        return OPTREF_EUNKNOWN;
    }
    memcpy(name, item, len);
    name[len] = '\0';
    const char *val = eq + 1;
    if (strcmp(name, "x0") == 0)
        return parse_x0(s, val, err, errlen);

    const optref_algorithm *a = s->alg;
    int k = optref_hparam_from_name(a, name);
    if (k < 0) {
        char known[256] = "";
        for (size_t j = 0; j < a->nhp; j++)
            if (optref_hparam_used(a, s->variant, j)) {
                strncat(known, j ? " " : "", sizeof known - strlen(known) - 1);
                strncat(known, a->hp[j].name, sizeof known - strlen(known) - 1);
            }
        snprintf(err, errlen, "unknown hyper-parameter '%s' for %s (known: %s x0)", name, a->name,
                 known);
        return OPTREF_EUNKNOWN;
    }
    if (!optref_hparam_used(a, s->variant, (size_t)k)) {
        snprintf(err, errlen, "hyper-parameter '%s' is not used by variant %s of %s", name,
                 a->variants[s->variant].name, a->name);
        return OPTREF_EUNKNOWN;
    }
    double v;
    if (optref_parse_double(val, &v) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s: malformed number '%s'", name, val);
        return OPTREF_EPARSE;
    }
    if (optref_hparam_check(&a->hp[k], v) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "%s = %s is out of range (%s)", name, val, a->hp[k].doc);
        return OPTREF_EVALUE;
    }
    s->hp[k] = v;
    return OPTREF_SUCCESS;
}

optref_status optref_setup_check(const optref_setup *s, char *err, size_t errlen)
{
    const optref_algorithm *a = s->alg;
    for (size_t k = 0; k < a->nhp; k++) {
        if (!optref_hparam_used(a, s->variant, k))
            continue;
        if (isnan(s->hp[k])) {
            snprintf(err, errlen, "missing hyper-parameter %s=... (%s)", a->hp[k].name, a->hp[k].doc);
            return OPTREF_EMISSING;
        }
        if (optref_hparam_check(&a->hp[k], s->hp[k]) != OPTREF_SUCCESS) {
            snprintf(err, errlen, "%s = %g is out of range (%s)", a->hp[k].name, s->hp[k],
                     a->hp[k].doc);
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

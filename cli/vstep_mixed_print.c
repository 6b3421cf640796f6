/* vstep_mixed_print.c: the mixed-precision part of verify-step's report. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vstep_mixed_print.h"
#include "vstep_mixed.h"

void vstep_mixed_print_truth(const optref_vsreport *r)
{
    const optref_vsm_report *m = r->mixed;
    printf("truth: update t from your own stored x, state and g (as read, each in its storage format), exact\n"
           "(MPFR 256/512 bits); math in %s, its errors before the store within B = %g ULP of %s of\n"
           "max(|exact|, |value before|) (from %s); a value stored\n"
           "  to nearest must lie in [RN(exact - B), RN(exact + B)] of its storage format,\n"
           "  stochastically in [RD(exact - B), RU(exact + B)]: one of exact's two neighbours, and the\n"
           "  round-up frequency must match p (chi-square over bins of p, significance %g per quantity)\n"
           "ULP column: |stored - expected| in ULPs of the storage format of max(|expected|, |value before|)\n"
           "(expected: RN(exact) when stored to nearest, exact when stochastically)\n\n",
           m->math, m->budget, m->math, r->tolsrc, m->alpha);
}

static void print_stat(const optref_vsm_kind *k, double alpha)
{
    if (k->dof == 0) {
        printf("    statistic: no bin of p has variance >= 10 (%ld values tested): too few coordinates\n", k->tested);
        return;
    }
    printf("    %-9s %8s %9s %11s %9s %7s\n", "p", "values", "ups", "expected", "allow", "z");
    for (int b = 0; b < OPTREF_VSM_NBIN; b++) {
        const optref_vsm_bin *B = &k->bin[b];
        double e = (double)B->sp / 4503599627370496.0, v = (double)B->spq / 4503599627370496.0;
        double al = (double)B->sdelta / 4503599627370496.0;
        if (B->n)
            printf("    [%.1f,%.1f) %8ld %9ld %11.1f %9.2f %7.2f%s\n", b / 10.0, (b + 1) / 10.0, B->n, B->ups, e, al,
                   v > 0 ? ((double)B->ups - e) / sqrt(v) : 0.0, v >= 10 ? "" : "  (not used: variance < 10)");
    }
    printf("    chi2 = %.4g on %d bins, p-value %.3g, critical %.4g at %g: %s\n", k->chi2, k->dof, k->pvalue, k->crit,
           alpha, k->stat_fail ? "FAIL" : "PASS");
    printf("    power of this test here: %.4f against always down, %.4f against always nearest, %.4f against p + 0.1\n",
           k->power[0], k->power[1], k->power[2]);
}

void vstep_mixed_print(const optref_vsreport *r)
{
    const optref_vsm_report *m = r->mixed;
    printf("\nmixed precision: math %s, budget %g ULP of %s before the store\n", m->math, m->budget, m->math);
    printf("  %-8s %-5s %-8s %-10s %9s %-18s %9s %9s\n", "quantity", "line", "storage", "rounding", "outside",
           "first outside", "tested", "near grid");
    for (size_t q = 0; q < m->nkind; q++) {
        const optref_vsm_kind *k = &m->kind[q];
        char first[96] = "-", idx[80];
        if (k->any_out && r->kind[q].coord) {
            optref_npy_index(r->shape, r->ndim, r->fortran, k->first_out, idx, sizeof idx);
            snprintf(first, sizeof first, "%s[%s]", k->name, idx);
        } else if (k->any_out)
            snprintf(first, sizeof first, "%s", k->name);
        printf("  %-8s L%-4d %-8s %-10s %9ld %-18s %9ld %9ld\n", k->name, k->line, k->storage,
               k->sr ? "stochastic" : "nearest", k->outside, first, k->sr ? k->tested : 0, k->sr ? k->ambiguous : 0);
        if (k->sr)
            print_stat(k, m->alpha);
    }
}

void vstep_mixed_print_allowed(const optref_vsreport *r, const optref_vsfail *F)
{
    (void)r;
    printf("      allowed: [%.9g, %.9g] (%a to %a)\n", F->lo, F->hi, F->lo, F->hi);
}

int vstep_mixed_verdict(const optref_vsreport *r, char *buf, size_t len)
{
    const optref_vsm_report *m = r->mixed;
    if (m && r->pass) {
        long n = 0, tested = 0;
        for (size_t q = 0; q < r->nkind; q++)
            n += r->kind[q].compared, tested += m->kind[q].sr ? m->kind[q].tested : 0;
        int k = snprintf(buf, len, "%s step t=%ld matches, math %s: %ld stored values in their allowed sets",
                         r->algorithm, r->t, m->math, n);
        if (tested && k > 0 && (size_t)k < len)
            snprintf(buf + k, len - (size_t)k, "; stochastic rounding unbiased on %ld values", tested);
        return 1;
    }
    if (m && r->nfailed && r->nlisted) {
        const optref_vsfail *F = &r->fail[0];
        const optref_vskind *K = &r->kind[F->kind];
        const optref_vsm_kind *q = &m->kind[F->kind];
        char idx[80] = "";
        long n = 0;
        for (size_t k = 0; k < r->nkind; k++)
            n += r->kind[k].compared;
        if (K->coord)
            optref_npy_index(r->shape, r->ndim, r->fortran, F->i, idx, sizeof idx);
        snprintf(buf, len, "%s step t=%ld, math %s: %ld of %ld stored values outside their allowed sets; first "
                 "%s%s%s%s (stored as %s, %s), %.3g ULP of %s, pseudocode L%d of %s", r->algorithm, r->t, m->math,
                 r->nfailed, n, K->name, *idx ? "[" : "", idx, *idx ? "]" : "", q->storage,
                 q->sr ? "stochastic" : "nearest", F->ulp, q->storage, K->line, r->file);
        return 1;
    }
    if (!m || r->pass || r->nfailed || !m->stat_failed)
        return 0;
    for (size_t q = 0; q < m->nkind; q++) {
        const optref_vsm_kind *k = &m->kind[q];
        if (!k->stat_fail)
            continue;
        int worst = 0;
        double zw = 0;
        for (int b = 0; b < OPTREF_VSM_NBIN; b++) {
            const optref_vsm_bin *B = &k->bin[b];
            double e = (double)B->sp / 4503599627370496.0, v = (double)B->spq / 4503599627370496.0;
            double z = v >= 10 ? fabs((double)B->ups - e) / sqrt(v) : 0;
            if (z > zw)
                zw = z, worst = b;
        }
        const optref_vsm_bin *W = &k->bin[worst];
        snprintf(buf, len, "%s step t=%ld, math %s: stochastic rounding of %s (stored as %s) is biased: chi2 = %.4g on "
                 "%d bins, p-value %.3g < %g; worst p in [%.1f,%.1f): %ld of %ld rounded up, %.1f expected; "
                 "pseudocode L%d of %s", r->algorithm, r->t, m->math, k->name, k->storage, k->chi2, k->dof, k->pvalue,
                 m->alpha, worst / 10.0, (worst + 1) / 10.0, W->ups, W->n, (double)W->sp / 4503599627370496.0,
                 k->line, r->file);
        return 1;
    }
    return 0;
}

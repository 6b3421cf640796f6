/* linalg.c: small dense linear algebra in binary64, for the constants a
 * problem reports (L, μ: extreme eigenvalues; the minimiser: a solve).  These
 * are metadata for theory checks and plots, accurate to about κ·2^-52 where κ
 * is the condition number; they never enter a trajectory.
 *
 * Eigenvalues: the cyclic Jacobi method (Golub & Van Loan, Matrix
 * Computations, 4th ed., Algorithm 8.5.3), sweeping until the off-diagonal
 * mass is below 2^-104 of the matrix's; solve: Gaussian elimination with
 * partial pivoting (ibid., Algorithm 3.4.1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static double off_norm2(const double *a, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                s += a[i * n + j] * a[i * n + j];
    return s;
}

static void rotate(double *a, size_t n, size_t p, size_t q)
{
    if (a[p * n + q] == 0)
        return;
    double theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
    double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
    double c = 1 / sqrt(t * t + 1), s = t * c;
    for (size_t k = 0; k < n; k++) { /* A ← JᵀAJ: columns p, q, then rows p, q */
        double akp = a[k * n + p], akq = a[k * n + q];
        a[k * n + p] = c * akp - s * akq;
        a[k * n + q] = s * akp + c * akq;
    }
    for (size_t k = 0; k < n; k++) {
        double apk = a[p * n + k], aqk = a[q * n + k];
        a[p * n + k] = c * apk - s * aqk;
        a[q * n + k] = s * apk + c * aqk;
    }
}

optref_status optref_sym_eig_range(const double *A, size_t n, double *lmin, double *lmax)
{
    double *a = malloc(n * n * sizeof *a), total = 0;
    if (!a)
        return OPTREF_ENOMEM;
    memcpy(a, A, n * n * sizeof *a);
    for (size_t i = 0; i < n * n; i++)
        total += a[i] * a[i];
    for (int sweep = 0; sweep < 100 && off_norm2(a, n) > total * 0x1p-104; sweep++)
        for (size_t p = 0; p + 1 < n; p++)
            for (size_t q = p + 1; q < n; q++)
                rotate(a, n, p, q);
    *lmin = INFINITY;
    *lmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        *lmin = fmin(*lmin, a[i * n + i]);
        *lmax = fmax(*lmax, a[i * n + i]);
    }
    free(a);
    return OPTREF_SUCCESS;
}

optref_status optref_solve(const double *A, const double *b, size_t n, double *x)
{
    double *a = malloc(n * n * sizeof *a);
    if (!a)
        return OPTREF_ENOMEM;
    memcpy(a, A, n * n * sizeof *a);
    memcpy(x, b, n * sizeof *x);
    for (size_t k = 0; k < n; k++) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(a[i * n + k]) > fabs(a[piv * n + k]))
                piv = i;
        if (a[piv * n + k] == 0) {
            free(a);
            return OPTREF_EVALUE; /* singular */
        }
        for (size_t j = 0; j < n; j++) {
            double t = a[k * n + j];
            a[k * n + j] = a[piv * n + j];
            a[piv * n + j] = t;
        }
        double t = x[k];
        x[k] = x[piv];
        x[piv] = t;
        for (size_t i = k + 1; i < n; i++) {
            double f = a[i * n + k] / a[k * n + k];
            for (size_t j = k; j < n; j++)
                a[i * n + j] -= f * a[k * n + j];
            x[i] -= f * x[k];
        }
    }
    for (size_t k = n; k-- > 0;) {
        for (size_t j = k + 1; j < n; j++)
            x[k] -= a[k * n + j] * x[j];
        x[k] /= a[k * n + k];
    }
    free(a);
    return OPTREF_SUCCESS;
}

/* Examples a_k uniform in [−1, 1)^d from SplitMix64 (sampler.c): each
 * coordinate is 2u − 1 with u = (r >> 11)·2^−53, exact in binary64. */
void optref_uniform_pm1(double *out, size_t count, uint64_t *state)
{
    for (size_t i = 0; i < count; i++)
        out[i] = 2.0 * ((double)(optref_splitmix64(state) >> 11) * 0x1p-53) - 1.0;
}

void optref_synthetic(double *A, double *y, size_t m, size_t d, uint64_t seed, double noise, int classify)
{
    uint64_t state = seed;
    double *w = malloc((d ? d : 1) * sizeof *w), e;
    optref_uniform_pm1(A, m * d, &state);
    if (!w) { /* the caller's problem is then degenerate (y = 0), never undefined */
        memset(y, 0, m * sizeof *y);
        return;
    }
    optref_uniform_pm1(w, d, &state);
    for (size_t k = 0; k < m; k++) {
        double z = 0;
        for (size_t j = 0; j < d; j++)
            z += A[k * d + j] * w[j];
        optref_uniform_pm1(&e, 1, &state);
        z += noise * e;
        y[k] = classify ? (z >= 0 ? 1.0 : -1.0) : z;
    }
    free(w);
}

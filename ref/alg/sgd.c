/* sgd.c: minibatch stochastic gradient descent.
 *
 * Sources
 *   - H. Robbins, S. Monro, "A stochastic approximation method", Ann. Math.
 *     Statist. 22(3), 1951.
 *   - Goodfellow, Bengio, Courville, Deep Learning, Algorithm 8.1 "Stochastic
 *     gradient descent (SGD) update": sample a minibatch of m examples,
 *     ĝ ← (1/m) ∇_θ Σ_i L(f(x^(i); θ), y^(i)), θ ← θ − ε_k ĝ.
 *   - DS 4440 "Optimizer matters", slide "Variants": one instance per step
 *     (batch=1), or sets of examples with (1/|B|) Σ ∇L.
 *
 * Pseudocode (Goodfellow Algorithm 8.1; its lines are not numbered there,
 * numbered here.  Line 1, "sample a minibatch", is the driver's: batch j of
 * epoch e of the seeded sampler, ref/core/ws.c and ref/core/sampler.c; the
 * problem's gradient averages over it):
 * @pseudocode
 *   L2  ĝ ← (1/m) ∇_θ Σ_{i∈B} L(f(x^(i); θ), y^(i))
 *   L3  θ ← θ − ε_k ĝ
 * @end
 *
 * Why a file of its own.  On a problem that is not a finite sum the update
 * is gradient descent (gd.c without its box), and the two compute the same
 * values bit for bit; this file exists so that the algorithm the lectures
 * call SGD has its own name, its book's pseudocode and its book's symbols
 * (ε_k for the learning rate, which Goodfellow schedules, §8.3.1), and so
 * that `optref list` shows it.  The minibatch is the problem's business:
 * logistic:...,batch=B and lsq:...,batch=B (doc/design.md, "Problems").
 *
 * Slips noticed: none (DS 4440's "Variants" gives the averaged gradient
 * without the step; Goodfellow's m is the minibatch size, not the number of
 * examples, which optref's problems call m: here it is |B|, the batch).
 *
 * Rounding: θ − (ε_k·ĝ), as gd.c.
 */
#include "../core/ws.h"

enum { EPS };
enum { A, NTMP };

static void sgd_init(ws *w) { (void)w; }

static void sgd_step(ws *w)
{
    S_VEC theta = w->x, g = w->g;
    S_PTR a = w->tmp[A];

    S_SRC eps = sched_eta(w); /* L3: ε_k */
    grad(w, g, theta); /* L2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, eps, g[i]); s_sub(theta[i], theta[i], a); /* L3 */
    }
}

OPTREF_ALGORITHM_IMPL(sgd) = { sgd_init, sgd_step };

#if OPTREF_META
static const optref_param sgd_hp[] = {
    [EPS] = { .name = "eps", .symbol = "ε_k", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP, .line = 3,
              .doc = "learning rate ε_k = schedule(k)·ε (Goodfellow's ε; required)" },
};
static const optref_variant sgd_variants[] = {
    { .name = "standard", .doc = "Goodfellow Alg. 8.1: θ ← θ − ε_k (1/|B|) Σ_{i∈B} ∇L_i", .x_line = 3,
      .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, sgd);
const optref_algorithm optref_sgd = {
    .name = "sgd",
    .title = "minibatch stochastic gradient descent",
    .source = "Robbins & Monro 1951; Goodfellow et al. Algorithm 8.1; DS 4440 \"Variants\"",
    .file = "ref/alg/sgd.c",
    .hp = sgd_hp, .nhp = OPTREF_COUNT(sgd_hp),
    .variants = sgd_variants, .nvariants = OPTREF_COUNT(sgd_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, sgd),
};
#endif

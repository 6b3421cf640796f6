/* sampler.c: the seeded minibatch sampler, part of every stochastic case.
 *
 * Generator: SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014; the constants of Java's
 * SplittableRandom and of Vigna's splitmix64.c).  Epoch e of seed s starts
 * from the state s + e·0x9e3779b97f4a7c15 and shuffles 0..m−1 by
 * Fisher–Yates as Knuth writes it (TAOCP vol. 2, Algorithm 3.4.2 P), from the
 * last position down: for i = m−1 .. 1, j uniform in 0..i, swap perm[i] and
 * perm[j].  j is drawn without bias by rejection: with r = next() and
 * b = i + 1, accept r when r < 2^64 − (2^64 mod b), and take j = r mod b.
 * Everything is integer arithmetic, so any language reproduces it
 * (doc/golden-format.md gives a Python transcription, tested by suite doc).
 */
#include "internal.h"

uint64_t optref_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t *state, uint64_t b)
{
    uint64_t limit = UINT64_MAX - (UINT64_MAX % b + 1) % b; /* largest r accepted */
    uint64_t r;
    do
        r = optref_splitmix64(state);
    while (r > limit);
    return r % b;
}

void optref_epoch_perm(size_t *perm, size_t m, uint64_t seed, uint64_t epoch)
{
    uint64_t state = seed + epoch * 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < m; i++)
        perm[i] = i;
    for (size_t i = m; i-- > 1;) {
        size_t j = (size_t)below(&state, (uint64_t)i + 1);
        size_t tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
}

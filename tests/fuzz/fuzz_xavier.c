/* fuzz_xavier.c: the sample reader of `optref xavier FILE` (ref/oracle/xavier.c).
 * The first byte picks the distribution, a small value limit (so the limit's
 * error is reached) and whether the rest is also tried as a nonlinearity. */
#include "fuzz.h"
#include "xavier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024] = "";
    if (size == 0)
        return 0;
    if (data[0] & 0x80) {
        char *s = fuzz_string(data + 1, size - 1, 30);
        optref_xgain g;
        optref_xexact e;
        if (s && optref_xgain_from_name(&g, s, err, sizeof err) == OPTREF_SUCCESS &&
            optref_xavier_exact(1 + (data[0] & 7), 3, &g, &e) != OPTREF_SUCCESS)
            abort(); /* a gain that parses always settles */
        free(s);
        if (strchr(err, '\n'))
            abort();
    }
    FILE *f = fuzz_stream(data + 1, size - 1);
    if (!f)
        return 0;
    long max = data[0] & 0x40 ? 2 + (data[0] & 15) : 1L << 16;
    optref_xstats st;
    optref_status s = optref_xavier_sample(f, "fuzz", max, data[0] & 1 ? OPTREF_XUNIFORM : OPTREF_XNORMAL, 0.5,
                                           0.8, &st, err, sizeof err);
    fclose(f);
    if (s != OPTREF_SUCCESS && (strchr(err, '\n') || strncmp(err, "fuzz:", 5) != 0))
        abort(); /* one line, naming the input */
    if (s == OPTREF_SUCCESS && !(st.n >= 2 && st.ks_d >= 0 && st.ks_d <= 1 && st.ks_p >= 0 && st.ks_p <= 1))
        abort();
    return 0;
}

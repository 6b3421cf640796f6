/* Suite ulp: the ULP measure every report and tolerance rests on, against
 * values worked out by hand from its definition (glibc's ULPDIFF). */
#include <math.h>

#include "testutil.h"

START_TEST(by_hand)
{
    const optref_format *f64 = &optref_binary64, *f32 = &optref_binary32;
    ck_assert(optref_ulp_distance(1 + 0x1p-52, 1, f64) == 1);
    ck_assert(optref_ulp_distance(1 - 0x1p-53, 1, f64) == 0.5);     /* ulp of the expected value */
    ck_assert(optref_ulp_distance(1, 1 - 0x1p-53, f64) == 1);       /* below 1 the ulp halves */
    ck_assert(optref_ulp_distance(-3, 3, f64) == 6 * 0x1p51);
    ck_assert(optref_ulp_distance(0x1p-1074, 0, f64) == 1);         /* ulp(0) = smallest subnormal */
    ck_assert(optref_ulp_distance(0x1p-1073, 0x1p-1074, f64) == 1); /* subnormals share one ulp */
    ck_assert(optref_ulp_distance(0x1p-1022, 0x1p-1022 + 0x1p-1074, f64) == 1);
    ck_assert(optref_ulp_distance(1 + 0x1p-23, 1, f32) == 1);
    ck_assert(optref_ulp_distance(0x1p-149, 0, f32) == 1);          /* binary32's smallest subnormal */
    ck_assert(optref_ulp_distance(1 + 0x1p-7, 1, &optref_bfloat16) == 1);
    ck_assert(optref_ulp_distance(1 + 0x1p-10, 1, &optref_binary16) == 1);
    ck_assert(optref_ulp_distance(0x1p-24, 0, &optref_binary16) == 1);
    /* exact difference: 1e16 + 2 − 1e16 is 2, 1 ulp at 2^53.15 */
    ck_assert(optref_ulp_distance(1e16 + 2, 1e16, f64) == 1);
    /* floor: 1e-20 off near 0, judged on the scale of 1 */
    ck_assert(optref_ulp_distance(0x1p-60, 0, f64) > 1e200);
    ck_assert(optref_ulp_distance_floor(0x1p-60, 0, 1, f64) == 0x1p-8);
    ck_assert(optref_ulp_distance_floor(3, 2, 1, f64) == 0x1p51);    /* floor below |expected|: no effect */
}
END_TEST

START_TEST(special_values)
{
    const optref_format *f64 = &optref_binary64;
    ck_assert(optref_ulp_distance(NAN, NAN, f64) == 0);
    ck_assert(isinf(optref_ulp_distance(NAN, 1, f64)));
    ck_assert(isinf(optref_ulp_distance(1, NAN, f64)));
    ck_assert(optref_ulp_distance(INFINITY, INFINITY, f64) == 0);
    ck_assert(isinf(optref_ulp_distance(-INFINITY, INFINITY, f64)));
    ck_assert(isinf(optref_ulp_distance(1e308, INFINITY, f64)));
    ck_assert(optref_ulp_distance(-0.0, 0.0, f64) == 0);
    /* 2e308 overflows binary64, the distance does not: 2e308 / 2^971 */
    ck_assert(fabs(optref_ulp_distance(1e308, -1e308, f64) / (2 * ldexp(1e308, -971)) - 1) < 1e-15);
}
END_TEST

/* Rounding to a format, subnormals and overflow included. */
START_TEST(round_to_formats)
{
    ck_assert(optref_round_d_to(0.1, &optref_binary32) == (double)0.1f);
    ck_assert(optref_round_d_to(1 + 0x1p-24, &optref_binary32) == 1);        /* tie to even */
    ck_assert(optref_round_d_to(1 + 0x1p-24 + 0x1p-40, &optref_binary32) == 1 + 0x1p-23);
    ck_assert(optref_round_d_to(0x1.8p-149, &optref_binary32) == 0x1p-148); /* subnormal, tie to even */
    ck_assert(optref_round_d_to(0x1p-151, &optref_binary32) == 0);
    ck_assert(isinf(optref_round_d_to(0x1p128, &optref_binary32)));
    ck_assert(optref_round_d_to(65519, &optref_binary16) == 65504);          /* below the overflow midpoint */
    ck_assert(isinf(optref_round_d_to(65520, &optref_binary16)));
    ck_assert(optref_round_d_to(0.999, &optref_bfloat16) == 1);               /* why bf16 Adam has β2 = 1 */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ulp");
    TCase *tc = tcase_create("ulp");
    tcase_add_test(tc, by_hand);
    tcase_add_test(tc, special_values);
    tcase_add_test(tc, round_to_formats);
    suite_add_tcase(s, tc);
    return tu_main(s);
}

/* flavor.h: the operations a flavor (a framework's own computation of a
 * lecture algorithm, doc/flavors.md) forms its constants with, in both
 * arithmetics.  Include after ws.h.
 *
 * A framework keeps hyper-parameters as host numbers (Python floats: binary64)
 * and forms constants such as 1 − β, 1 − β^t, lr/(1 − β1^t) on the host; its
 * tensor kernel then casts each scalar to the tensor's format F.  So a flavor
 * forms each such constant with the s_host_* operations, which round to
 * binary64 (53 bits, binary64's exponent range, subnormals) whatever the
 * run's precision, and casts it with s_to_fmt (to F) or s_to_opmath (to the
 * format the kernel computes in: binary32 for bf16 and f16 tensors on CPU,
 * else F), or with s_to_f32 to binary32 (a float32 tensor's arithmetic: torch's
 * foreach Adagrad computes its step size from the float32 tensor
 * state['step']; an operation of binary32 values rounded in binary64 and then
 * to binary32 is the binary32 operation, as 53 >= 2·24 + 2).  F is the format
 * the run's inputs were rounded to (verify,
 * verify-step: optref_setup_rounded), binary64 when none.  In an MPFR run
 * below 53 bits a host value is rounded once more, to the run's precision,
 * like every other value of that run.
 */
#ifndef OPTREF_FLAVOR_H
#define OPTREF_FLAVOR_H

static inline const optref_format *flavor_fmt(const ws *w) { return w->s->fmt ? w->s->fmt : &optref_binary64; }

static inline const optref_format *flavor_opmath(const ws *w)
{
    const optref_format *f = flavor_fmt(w);
    return f->prec < optref_binary32.prec ? &optref_binary32 : f;
}

#if OPTREF_USE_MPFR
/* fn(a, b) or fn(a) rounded once to fmt (its precision, exponent range and
 * subnormals), then stored in r.  The run's exponent range is restored. */
static inline void flavor_mp_round(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b, const optref_format *fmt,
                                   int (*fn2)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t),
                                   int (*fn1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t))
{
    mp_limb_t limb[(64 + GMP_NUMB_BITS - 1) / GMP_NUMB_BITS]; /* fmt->prec <= 53: on the stack */
    mpfr_t x;
    mpfr_custom_init(limb, (mpfr_prec_t)fmt->prec);
    mpfr_custom_init_set(x, MPFR_ZERO_KIND, 0, (mpfr_prec_t)fmt->prec, limb);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(fmt->emin);
    mpfr_set_emax(fmt->emax);
    int inex = fn2 ? fn2(x, a, b, MPFR_RNDN) : fn1 ? fn1(x, a, MPFR_RNDN) : mpfr_set(x, a, MPFR_RNDN);
    inex = mpfr_check_range(x, inex, MPFR_RNDN);
    mpfr_subnormalize(x, inex, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    s_set(r, x);
}
static inline void s_host_add(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { flavor_mp_round(r, a, b, &optref_binary64, mpfr_add, NULL); }
static inline void s_host_sub(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { flavor_mp_round(r, a, b, &optref_binary64, mpfr_sub, NULL); }
static inline void s_host_mul(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { flavor_mp_round(r, a, b, &optref_binary64, mpfr_mul, NULL); }
static inline void s_host_div(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { flavor_mp_round(r, a, b, &optref_binary64, mpfr_div, NULL); }
static inline void s_host_pow(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { flavor_mp_round(r, a, b, &optref_binary64, mpfr_pow, NULL); }
static inline void s_host_sqrt(mpfr_ptr r, mpfr_srcptr a) { flavor_mp_round(r, a, NULL, &optref_binary64, NULL, mpfr_sqrt); }
/* a value (η_t of a schedule) as the host holds it */
static inline void s_host_set(mpfr_ptr r, mpfr_srcptr a) { flavor_mp_round(r, a, NULL, &optref_binary64, NULL, NULL); }
static inline void s_to_fmt(const ws *w, mpfr_ptr r, mpfr_srcptr a) { flavor_mp_round(r, a, NULL, flavor_fmt(w), NULL, NULL); }
static inline void s_to_opmath(const ws *w, mpfr_ptr r, mpfr_srcptr a) { flavor_mp_round(r, a, NULL, flavor_opmath(w), NULL, NULL); }
static inline void s_to_f32(mpfr_ptr r, mpfr_srcptr a) { flavor_mp_round(r, a, NULL, &optref_binary32, NULL, NULL); }
#elif OPTREF_USE_EB
/* Error-bounded (arith_eb.h): the operation, then its rounding to fmt when
 * the bound decides it (then exact: bound 0), else undecided. */
static inline void flavor_eb_round(optref_eb_num *r, const optref_format *fmt)
{
    double d;
    *r = optref_eb_round(r, fmt, &d) ? (optref_eb_num){ d, 0, 0 } : (optref_eb_num){ s_get_d(r), 0, INFINITY };
}
static inline void s_host_add(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { s_add(r, a, b); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_sub(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { s_sub(r, a, b); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_mul(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { s_mul(r, a, b); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_div(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { s_div(r, a, b); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_pow(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { s_pow(r, a, b); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_sqrt(optref_eb_num *r, const optref_eb_num *a) { s_sqrt(r, a); flavor_eb_round(r, &optref_binary64); }
static inline void s_host_set(optref_eb_num *r, const optref_eb_num *a) { s_set(r, a); flavor_eb_round(r, &optref_binary64); }
static inline void s_to_fmt(const ws *w, optref_eb_num *r, const optref_eb_num *a) { s_set(r, a); flavor_eb_round(r, flavor_fmt(w)); }
static inline void s_to_opmath(const ws *w, optref_eb_num *r, const optref_eb_num *a) { s_set(r, a); flavor_eb_round(r, flavor_opmath(w)); }
static inline void s_to_f32(optref_eb_num *r, const optref_eb_num *a) { s_set(r, a); flavor_eb_round(r, &optref_binary32); }
#elif OPTREF_USE_DB
/* Double + bound (arith_db.h): a rounding to a format of <= 24 bits when the
 * bound decides it; to binary64 only an exact value, or one IEEE operation
 * on exact operands (then RN(a ∘ b) itself); else undecided. */
static inline void flavor_db_round(optref_db_num *r, const optref_format *fmt)
{
    double d;
    if (fmt->prec <= 24)
        *r = optref_db_round(r, fmt, &d) ? (optref_db_num){ d, 0 } : (optref_db_num){ r->v, INFINITY };
    else if (r->e != 0)
        r->e = INFINITY;
}
static inline void flavor_db_host(optref_db_num *r, int exact_ops, double ieee)
{
    *r = exact_ops && fabs(ieee) <= DBL_MAX ? (optref_db_num){ ieee, 0 } : (optref_db_num){ ieee, INFINITY };
}
#define FLAVOR_DB_EXACT2 (a->e == 0 && b->e == 0)
static inline void s_host_add(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { flavor_db_host(r, FLAVOR_DB_EXACT2, a->v + b->v); }
static inline void s_host_sub(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { flavor_db_host(r, FLAVOR_DB_EXACT2, a->v - b->v); }
static inline void s_host_mul(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { flavor_db_host(r, FLAVOR_DB_EXACT2, a->v * b->v); }
static inline void s_host_div(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { flavor_db_host(r, FLAVOR_DB_EXACT2, a->v / b->v); }
static inline void s_host_pow(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { flavor_db_host(r, 0, pow(a->v, b->v)); }
static inline void s_host_sqrt(optref_db_num *r, const optref_db_num *a) { flavor_db_host(r, a->e == 0, sqrt(a->v)); }
static inline void s_host_set(optref_db_num *r, const optref_db_num *a) { flavor_db_host(r, a->e == 0, a->v); }
#undef FLAVOR_DB_EXACT2
static inline void s_to_fmt(const ws *w, optref_db_num *r, const optref_db_num *a) { s_set(r, a); flavor_db_round(r, flavor_fmt(w)); }
static inline void s_to_opmath(const ws *w, optref_db_num *r, const optref_db_num *a) { s_set(r, a); flavor_db_round(r, flavor_opmath(w)); }
static inline void s_to_f32(optref_db_num *r, const optref_db_num *a) { s_set(r, a); flavor_db_round(r, &optref_binary32); }
#elif OPTREF_USE_FB
/* Rounding bound (arith_fb.h): a host operation is binary64's, the same in
 * every implementation: from exact operands its result is the truth's
 * (e = 0); otherwise the operation bounded in binary64, and the truth's own
 * rounding RN64(c) beside it.  Python's ** is faithful, not correctly
 * rounded: 2^-52 relative always. */
static inline void flavor_fb_host(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b,
                                  void (*op2)(optref_fb_num *, const optref_fb_num *, const optref_fb_num *),
                                  void (*op1)(optref_fb_num *, const optref_fb_num *), int faithful)
{
    optref_fb_model m = optref_fb_m;
    int din = a->d == 0 && (!b || b->d == 0), ein = a->e == 0 && (!b || b->e == 0);
    optref_fb_set_model(&optref_binary64, 0);
    if (op2)
        op2(r, a, b);
    else if (op1)
        op1(r, a);
    else
        *r = *a;
    optref_fb_m = m;
    double v = fabs(r->v);
    if (!din)
        r->d = (r->d + FB_U53 * (v + r->d)) * FB_UP;
    else
        r->d = 0; /* v = RN64(a ∘ b) (** as MPFR rounds it) = the truth */
    r->e = ein && !faithful ? 0 : (r->e + (faithful ? 0x1p-52 : FB_U53) * (v + r->d + r->e)) * FB_UP;
    if (!isfinite(r->v))
        r->d = r->e = INFINITY;
    fb_any(r);
}
static inline void s_host_add(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { flavor_fb_host(r, a, b, s_add, NULL, 0); }
static inline void s_host_sub(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { flavor_fb_host(r, a, b, s_sub, NULL, 0); }
static inline void s_host_mul(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { flavor_fb_host(r, a, b, s_mul, NULL, 0); }
static inline void s_host_div(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { flavor_fb_host(r, a, b, s_div, NULL, 0); }
static inline void s_host_pow(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { flavor_fb_host(r, a, b, s_pow, NULL, 1); }
static inline void s_host_sqrt(optref_fb_num *r, const optref_fb_num *a) { flavor_fb_host(r, a, NULL, NULL, s_sqrt, 0); }
static inline void s_host_set(optref_fb_num *r, const optref_fb_num *a) { flavor_fb_host(r, a, NULL, NULL, NULL, 0); }
/* RN_F(â) against the truth RN_F(a): equal when the whole interval rounds
 * to one value of F, else at most ea + u(|â| + |a|) + 2 eta apart. */
static inline int flavor_fb_cell(double v, double w, const optref_format *F)
{
    w = w * FB_UP + 0x1p-1074;
    double lo = optref_fb_round(v - w, F), hi = optref_fb_round(v + w, F);
    return lo == hi && isfinite(lo) && (lo != 0 || signbit(lo) == signbit(hi));
}
static inline void flavor_fb_cast(optref_fb_num *r, const optref_fb_num *a, const optref_format *F)
{
    double u = ldexp(1, (int)-F->prec), eta = optref_fb_eta(F);
    double v = optref_fb_round(a->v, F), d, e;
    int overflow = !isfinite(v) && isfinite(a->v);
    d = a->d == 0 || flavor_fb_cell(a->v, a->d, F) ? 0 : (a->d + 2 * u * (fabs(a->v) + a->d) + 2 * eta) * FB_UP;
    e = a->e == 0 || flavor_fb_cell(a->v, a->d + a->e, F) ? 0
        : (a->e + 2 * u * (fabs(a->v) + a->d + a->e) + 2 * eta) * FB_UP;
    *r = (optref_fb_num){ .v = v, .d = d, .e = e, .pa = 1, .pr = 1, .nn = a->nn };
    if (overflow)
        r->d = r->e = INFINITY;
}
static inline void s_to_fmt(const ws *w, optref_fb_num *r, const optref_fb_num *a) { flavor_fb_cast(r, a, flavor_fmt(w)); }
static inline void s_to_opmath(const ws *w, optref_fb_num *r, const optref_fb_num *a) { flavor_fb_cast(r, a, flavor_opmath(w)); }
static inline void s_to_f32(optref_fb_num *r, const optref_fb_num *a) { flavor_fb_cast(r, a, &optref_binary32); }
#else
/* binary64 is the host's format: one IEEE operation each (s_pow: correctly rounded) */
static inline void s_host_add(double *r, const double *a, const double *b) { s_add(r, a, b); }
static inline void s_host_sub(double *r, const double *a, const double *b) { s_sub(r, a, b); }
static inline void s_host_mul(double *r, const double *a, const double *b) { s_mul(r, a, b); }
static inline void s_host_div(double *r, const double *a, const double *b) { s_div(r, a, b); }
static inline void s_host_pow(double *r, const double *a, const double *b) { s_pow(r, a, b); }
static inline void s_host_sqrt(double *r, const double *a) { s_sqrt(r, a); }
static inline void s_host_set(double *r, const double *a) { *r = *a; }
static inline void s_to_fmt(const ws *w, double *r, const double *a) { *r = optref_round_d_to(*a, flavor_fmt(w)); }
static inline void s_to_opmath(const ws *w, double *r, const double *a) { *r = optref_round_d_to(*a, flavor_opmath(w)); }
static inline void s_to_f32(double *r, const double *a) { *r = optref_round_d_to(*a, &optref_binary32); }
#endif

#endif

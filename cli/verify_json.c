/* verify_json.c: the JSON report of `optref verify --json`, through jansson;
 * written to a temporary file renamed into place. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "verify.h"

int verify_write_json(const char *path, const optref_vopts *o, const optref_vreport *r, const char *cand);
int verify_write_json_error(const char *path, const char *casearg, const char *cand, const char *error);

static int dump(json_t *root, const char *path)
{
    char tmp[4200];
    FILE *f = out_begin(path, tmp, sizeof tmp);
    int rc = f ? json_dumpf(root, f, JSON_INDENT(2) | JSON_ENSURE_ASCII) : -1;
    if (f && rc == 0)
        fputc('\n', f);
    if (f && rc != 0)
        fclose(f), unlink(tmp);
    else if (f)
        rc = out_commit(f, tmp, path);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}

/* Bad input under --json: the report says so, with the one-line message. */
int verify_write_json_error(const char *path, const char *casearg, const char *cand, const char *error)
{
    json_t *root = json_object();
    json_object_set_new(root, "case", casearg ? json_string(casearg) : json_null());
    json_object_set_new(root, "candidate", cand ? json_string(cand) : json_null());
    json_object_set_new(root, "verdict", json_string("ERROR"));
    char vis[2048];
    json_t *e = json_string(error);
    json_object_set_new(root, "error", e ? e : json_string(optref_visible(vis, sizeof vis, error, (size_t)-1)));
    json_object_set_new(root, "exit_status", json_integer(EXIT_USAGE));
    return dump(root, path);
}

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

/* Per mode, where its first failing step diverged (verify.h's optref_vdiv);
 * null for a mode without failure. */
static json_t *divergence(const optref_vreport *r)
{
    const char *modes[2] = { "trajectory", "onestep" };
    json_t *dv = json_object();
    for (int m = 0; m < 2; m++) {
        const optref_vdiv *d = &r->div[m];
        if (d->t < 0) {
            json_object_set_new(dv, modes[m], json_null());
            continue;
        }
        json_t *x = json_object();
        json_object_set_new(x, "t", json_integer(d->t));
        json_object_set_new(x, "line", d->line >= 0 ? json_integer(d->line) : json_null());
        json_object_set_new(x, "quantity", json_string(d->q));
        json_object_set_new(x, "after_line", d->after >= 0 ? json_integer(d->after) : json_null());
        json_object_set_new(x, "after_quantity", d->after >= 0 ? json_string(d->after_q) : json_null());
        json_object_set_new(x, "range", json_boolean(d->t > 0 && d->line >= 0 && d->between));
        json_t *un = json_array();
        for (const char *p = d->unseen; *p;) {
            size_t n = strcspn(p, " ");
            json_array_append_new(un, json_stringn(p, n));
            p += n;
            p += strcspn(p, ",");
            p += strspn(p, ", ");
        }
        json_object_set_new(x, "not_columns", un);
        json_object_set_new(dv, modes[m], x);
    }
    return dv;
}

int verify_write_json(const char *path, const optref_vopts *o, const optref_vreport *r, const char *cand)
{
    const optref_case *c = o->c;
    const optref_algorithm *a = optref_setup_algorithm(c->s);
    const char *modes[2] = { "trajectory", "onestep" };
    json_t *root = json_object();
    json_object_set_new(root, "case", json_string(c->name));
    json_object_set_new(root, "algorithm", json_string(a->name));
    json_object_set_new(root, "variant", json_string(a->variants[optref_setup_variant(c->s)].name));
    json_object_set_new(root, "problem", json_string(optref_problem_name(optref_setup_problem(c->s))));
    json_object_set_new(root, "candidate", json_string(cand));
    json_object_set_new(root, "dtype", json_string(o->fmt->name));
    json_object_set_new(root, "steps", json_integer(o->steps));
    json_object_set_new(root, "truth_precision_bits", json_integer((json_int_t)r->prec));
    json_object_set_new(root, "rule", json_string(o->bound ? "bound" : "budget"));
    json_object_set_new(root, "order", o->bound ? json_string(o->any_order ? "any" : "flavor") : json_null());
    json_t *jm = json_object();
    for (int m = 0; m < 2; m++) {
        json_t *mo = json_object();
        json_object_set_new(mo, "judged", json_boolean(r->ran[m]));
        if (!r->ran[m]) {
            json_object_set_new(mo, "reason", json_string(r->why_not[m][0] ? r->why_not[m] : "not requested"));
            json_object_set_new(jm, modes[m], mo);
            continue;
        }
        json_object_set_new(mo, "tolerance_ulps", o->bound ? json_null() : jnum(o->tol[m]));
        if (o->bound && m == 0)
            json_object_set_new(mo, "judged_until_t", r->traj_cut ? json_integer(r->traj_until) : json_null());
        if (o->bound && m == 0 && r->traj_cut)
            json_object_set_new(mo, "judged_until_why", json_string(r->traj_why));
        if (o->bound && m == 1)
            json_object_set_new(mo, "unproved_steps", json_integer(r->unproved_steps));
        json_t *qs = json_array();
        for (size_t k = 0; k < r->nkind; k++) {
            const optref_vkind *K = &r->kind[m][k];
            if (!K->present)
                continue;
            json_t *q = json_object();
            json_object_set_new(q, "quantity", json_string(K->name));
            json_object_set_new(q, "line", K->line >= 0 ? json_integer(K->line) : json_null());
            json_object_set_new(q, "compared", json_integer(K->compared));
            json_object_set_new(q, "failed", json_integer(K->failed));
            json_object_set_new(q, "max_ulps", jnum(K->max_ulp));
            json_object_set_new(q, "tolerance_ulps", o->bound ? json_null() : jnum(K->tol));
            if (o->bound) {
                json_object_set_new(q, "max_bound_ratio", jnum(K->max_ratio));
                json_object_set_new(q, "bound_at_t", K->ratio_t >= 0 ? json_integer(K->ratio_t) : json_null());
                json_object_set_new(q, "bound_at_index", json_integer((json_int_t)K->ratio_i));
                json_object_set_new(q, "unbounded", json_integer(K->unbounded));
            }
            json_object_set_new(q, "max_relative", jnum(K->max_rel));
            json_object_set_new(q, "at_t", json_integer(K->at_t));
            json_object_set_new(q, "at_index", json_integer((json_int_t)K->at_i));
            json_object_set_new(q, "intermediate", json_boolean(K->intermediate));
            json_object_set_new(q, "excused", json_integer(K->excused));
            json_object_set_new(q, "verdict", json_string(K->failed ? "FAIL" : "PASS"));
            json_array_append_new(qs, q);
        }
        json_object_set_new(mo, "quantities", qs);
        json_object_set_new(jm, modes[m], mo);
    }
    json_object_set_new(root, "modes", jm);
    json_t *fl = json_array();
    for (size_t i = 0; i < r->nlisted; i++) {
        const optref_vfail *F = &r->fail[i];
        json_t *x = json_object();
        json_object_set_new(x, "mode", json_string(modes[F->mode]));
        json_object_set_new(x, "t", json_integer(F->t));
        json_object_set_new(x, "quantity", json_string(F->qname));
        json_object_set_new(x, "expected", jnum(F->expected));
        json_object_set_new(x, "got", jnum(F->got));
        char hex[2][64];
        snprintf(hex[0], sizeof hex[0], "%a", F->expected);
        snprintf(hex[1], sizeof hex[1], "%a", F->got);
        json_object_set_new(x, "expected_hex", json_string(hex[0]));
        json_object_set_new(x, "got_hex", json_string(hex[1]));
        json_object_set_new(x, "ulps", jnum(F->ulp));
        if (o->bound) {
            json_object_set_new(x, "bound", jnum(F->bound));
            json_object_set_new(x, "bound_ratio", jnum(F->ratio));
        }
        json_object_set_new(x, "line", F->line >= 0 ? json_integer(F->line) : json_null());
        const char *txt = F->line >= 0 ? optref_pseudocode_line(a->file, F->line) : NULL;
        json_object_set_new(x, "pseudocode", txt ? json_string(txt) : json_null());
        json_object_set_new(x, "candidate_line", json_integer(F->csv_line));
        json_array_append_new(fl, x);
    }
    json_object_set_new(root, "failures", fl);
    if (r->nsens) { /* what the run could have seen: each known mistake's distance in bounds */
        json_t *sv = json_array();
        for (size_t k = 0; k < r->nsens; k++) {
            const struct optref_vsens *S = &r->sens[k];
            json_t *x = json_object();
            json_object_set_new(x, "mistake", json_string(S->name));
            json_object_set_new(x, "what", json_string(S->what));
            json_object_set_new(x, "visible", json_boolean(S->first_t >= 0));
            json_object_set_new(x, "first_t", S->first_t >= 0 ? json_integer(S->first_t) : json_null());
            json_object_set_new(x, "max_bound_ratio", S->at_t >= 0 ? jnum(S->max_ratio) : json_null());
            json_object_set_new(x, "at_t", S->at_t >= 0 ? json_integer(S->at_t) : json_null());
            json_object_set_new(x, "at", S->at_t >= 0 ? json_string(S->at_q) : json_null());
            json_array_append_new(sv, x);
        }
        json_object_set_new(root, "sensitivity", sv);
    }
    json_object_set_new(root, "divergence", divergence(r));
    json_object_set_new(root, "failures_total", json_integer(r->nfailed));
    json_object_set_new(root, "unsettled", json_integer(r->unsettled));
    json_object_set_new(root, "truth_fast", json_integer(r->fast));
    json_object_set_new(root, "truth_fallback", json_integer(r->fallback));
    json_object_set_new(root, "truth_handover_t", json_integer(r->handover_t));
    json_object_set_new(root, "intermediates_excused", json_integer(r->excused));
    json_object_set_new(root, "degenerate_values", json_integer(r->degenerate));
    if (r->degenerate) {
        char q[64];
        snprintf(q, sizeof q, "t=%ld %s", r->degen_t, r->degen_q);
        json_object_set_new(root, "degenerate_first", json_string(q));
    }
    json_object_set_new(root, "verdict", json_string(r->pass ? "PASS" : "FAIL"));
    return dump(root, path);
}

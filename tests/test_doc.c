/* Suite doc: the slide <-> code mapping is mechanical and checked, as
 * Crafting Interpreters checks its snippet markers.  For each algorithm file
 * and each schedule file:
 *  - its header holds the pseudocode between @pseudocode and @end, one
 *    numbered line "Ln  ..." per implementable line;
 *  - every numbered line has at least one statement tagged with it;
 *  - every tag (a comment "slash-star Ln" or "Ln Lm", optionally ": why")
 *    names a numbered line;
 *  - every statement line that calls an arithmetic operation (s_...), the
 *    gradient (grad) or the schedule (sched_eta) carries a tag;
 *  - the algorithm's per-quantity line numbers name numbered lines: each
 *    variant's x_line and g_line, the .line of each state variable the
 *    variant uses, and the .line of its step size when given. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define MAXL 100

typedef struct {
    int declared[MAXL], used[MAXL];
} lines_t;

static int reject(char *msg, size_t len, const char *fmt, int a, int b)
{
    snprintf(msg, len, fmt, a, b);
    return -1;
}

/* Parses the tags of one comment starting at p ("/" "*" already matched). */
static int parse_tag(const char *p, int *nums, int *n)
{
    *n = 0;
    while (*p == ' ')
        p++;
    while (p[0] == 'L' && isdigit((unsigned char)p[1])) {
        int v = 0;
        p++;
        while (isdigit((unsigned char)*p))
            v = v * 10 + (*p++ - '0');
        nums[(*n)++] = v;
        if (*p == ' ' && p[1] == 'L')
            p++;
        else
            break;
    }
    return *n > 0 && (*p == ':' || (*p == ' ' && p[1] == '*') || *p == '*');
}

/* Checks one algorithm or schedule source held in buf; 0 on success. */
static int check_source(const char *buf, lines_t *L, char *msg, size_t len)
{
    memset(L, 0, sizeof *L);
    const char *ps = strstr(buf, "@pseudocode"), *pe = ps ? strstr(ps, "@end") : NULL;
    if (!ps || !pe)
        return reject(msg, len, "no @pseudocode ... @end block%.0d%.0d", 0, 0);
    int ndecl = 0;
    for (const char *p = strchr(ps, '\n'); p && p < pe; p = strchr(p + 1, '\n')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '*')
            q++;
        if (q[0] == 'L' && isdigit((unsigned char)q[1])) {
            int v = atoi(q + 1);
            if (v < 0 || v >= MAXL)
                return reject(msg, len, "line L%d out of range%.0d", v, 0);
            if (L->declared[v])
                return reject(msg, len, "line L%d numbered twice%.0d", v, 0);
            L->declared[v] = 1;
            ndecl++;
        }
    }
    if (!ndecl)
        return reject(msg, len, "the pseudocode block numbers no line%.0d%.0d", 0, 0);
    const char *code = strstr(pe, "*/");
    if (!code)
        return reject(msg, len, "unterminated header comment%.0d%.0d", 0, 0);
    int lineno = 1;
    for (const char *p = buf; p < code; p++)
        lineno += *p == '\n';
    int in_comment = 0;
    for (const char *p = code + 2; *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        lineno++;
        int has_call = 0, has_tag = 0;
        for (char *q = line; *q; q++) {
            if (in_comment) {
                if (q[0] == '*' && q[1] == '/')
                    in_comment = 0, q++;
                continue;
            }
            if (q[0] == '/' && q[1] == '*') {
                int nums[8], k;
                if (parse_tag(q + 2, nums, &k)) {
                    has_tag = 1;
                    for (int j = 0; j < k; j++) {
                        if (nums[j] >= MAXL || !L->declared[nums[j]])
                            return reject(msg, len, "line %d: tag L%d names no pseudocode line", lineno,
                                        nums[j]);
                        L->used[nums[j]] = 1;
                    }
                }
                in_comment = 1;
                q++;
                continue;
            }
            if (q[0] == '/' && q[1] == '/')
                break;
            int start = q == line || !(isalnum((unsigned char)q[-1]) || q[-1] == '_');
            if (start && ((q[0] == 's' && q[1] == '_' && islower((unsigned char)q[2])) ||
                          strncmp(q, "grad(", 5) == 0 || strncmp(q, "sched_eta(", 10) == 0)) {
                const char *r = q;
                while (isalnum((unsigned char)*r) || *r == '_')
                    r++;
                if (*r == '(')
                    has_call = 1;
            }
        }
        if (has_call && !has_tag)
            return reject(msg, len, "line %d: an arithmetic statement carries no pseudocode tag%.0d",
                        lineno, 0);
        if (!eol)
            break;
        p = eol + 1;
    }
    for (int v = 0; v < MAXL; v++)
        if (L->declared[v] && !L->used[v])
            return reject(msg, len, "pseudocode line L%d has no code%.0d", v, 0);
    return 0;
}

/* The file's text, in a buffer of the caller's. */
static void read_source(const char *what, const char *file, char *buf, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", tu_srcdir(), file);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: cannot open %s", what, path);
    size_t n = fread(buf, 1, len - 1, f);
    ck_assert_msg(n < len - 1, "%s: %s is over %zu bytes", what, path, len - 1);
    buf[n] = '\0';
    fclose(f);
}

static int numbered(const lines_t *L, int line) { return line >= 0 && line < MAXL && L->declared[line]; }

static void check_algorithm_file(const optref_algorithm *a)
{
    static char buf[1 << 20];
    char msg[512];
    read_source(a->name, a->file, buf, sizeof buf);
    lines_t L;
    ck_assert_msg(check_source(buf, &L, msg, sizeof msg) == 0, "%s: %s", a->file, msg);
    for (size_t v = 0; v < a->nvariants; v++) {
        const optref_variant *V = &a->variants[v];
        ck_assert_msg(numbered(&L, V->x_line), "%s variant %s: x_line L%d is not numbered", a->name, V->name,
                      V->x_line);
        ck_assert_msg(numbered(&L, V->g_line), "%s variant %s: g_line L%d is not numbered", a->name, V->name,
                      V->g_line);
        for (size_t k = 0; k < a->nstate; k++)
            if (optref_state_used(&a->state[k], v))
                ck_assert_msg(numbered(&L, a->state[k].line), "%s variant %s: state %s line L%d is not numbered",
                              a->name, V->name, a->state[k].name, a->state[k].line);
        for (size_t k = 0; k < a->nhp; k++)
            if (optref_param_used(&a->hp[k], v) && (a->hp[k].flags & OPTREF_P_STEP) && a->hp[k].line != 0)
                ck_assert_msg(numbered(&L, a->hp[k].line), "%s variant %s: step size %s line L%d is not numbered",
                              a->name, V->name, a->hp[k].name, a->hp[k].line);
    }
    /* a step size's line is the one that uses η_t: only step sizes have one */
    for (size_t k = 0; k < a->nhp; k++)
        ck_assert_msg(a->hp[k].line == 0 || (a->hp[k].flags & OPTREF_P_STEP),
                      "%s: hyper-parameter %s has a line but is not a step size", a->name, a->hp[k].name);
}

START_TEST(algorithm_file) { check_algorithm_file(optref_algorithms[_i]); }
END_TEST

/* A flavor's file: the same rules, and it names what it is a flavor of. */
START_TEST(flavor_file)
{
    const optref_algorithm *f = optref_flavors[_i];
    check_algorithm_file(f);
    ck_assert_msg(f->flavor_of && optref_algorithm_from_name(f->flavor_of) && f->framework,
                  "%s: flavor_of names no lecture algorithm", f->name);
    char name[128];
    snprintf(name, sizeof name, "%s:%s", f->flavor_of, f->framework);
    ck_assert_msg(optref_algorithm_from_name(name) == f, "%s does not resolve to %s", name, f->name);
}
END_TEST

START_TEST(schedule_file)
{
    const optref_schedule *sc = optref_schedules[_i];
    static char buf[1 << 20];
    char msg[512];
    ck_assert_msg(sc->file != NULL, "schedule %s: no file", sc->name);
    read_source(sc->name, sc->file, buf, sizeof buf);
    lines_t L;
    ck_assert_msg(check_source(buf, &L, msg, sizeof msg) == 0, "%s: %s", sc->file, msg);
}
END_TEST

/* The checker itself can fail, for each rule. */
START_TEST(checker_rejects)
{
    static const char head[] = "/* x\n * @pseudocode\n *   L1  a <- b\n *   L2  c <- d\n * @end\n */\n";
    const struct {
        const char *body, *want;
    } bad[] = {
        { "void f(void) { s_add(a, b, c); /* L1 */ }\n", "L2 has no code" },
        { "void f(void) { s_add(a, b, c); /* L1 */ s_mul(a, a, a); /* L3 */ }\n", "names no pseudocode line" },
        { "void f(void) {\n s_add(a, b, c); /* L1 L2 */\n s_sqrt(a, a);\n}\n", "carries no pseudocode tag" },
        { "void f(void) {\n grad(w, g, x);\n s_add(a, b, c); /* L1 L2 */\n}\n", "carries no pseudocode tag" },
        { "void f(void) {\n S_SRC eta = sched_eta(w);\n s_add(a, eta, c); /* L1 L2 */\n}\n",
          "carries no pseudocode tag" },
    };
    char buf[1024], msg[512];
    lines_t L;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        snprintf(buf, sizeof buf, "%s%s", head, bad[k].body);
        ck_assert_msg(check_source(buf, &L, msg, sizeof msg) != 0, "case %zu accepted", k);
        ck_assert_msg(strstr(msg, bad[k].want) != NULL, "case %zu: '%s' lacks '%s'", k, msg, bad[k].want);
    }
    snprintf(buf, sizeof buf, "%svoid f(void) { s_add(a, b, c); /* L1 L2: both */ }\n", head);
    ck_assert_msg(check_source(buf, &L, msg, sizeof msg) == 0, "good source rejected: %s", msg);
    snprintf(buf, sizeof buf, "%svoid f(void) { S_SRC eta = sched_eta(w); /* L1: η_t */ s_add(a, eta, c); /* L2 */ }\n",
             head);
    ck_assert_msg(check_source(buf, &L, msg, sizeof msg) == 0, "tagged sched_eta rejected: %s", msg);
    /* a name that merely ends in sched_eta is not the call */
    snprintf(buf, sizeof buf, "%svoid f(void) {\n s_add(a, b, c); /* L1 L2 */\n my_sched_eta(w);\n}\n", head);
    ck_assert_msg(check_source(buf, &L, msg, sizeof msg) == 0, "my_sched_eta taken for the call: %s", msg);
    ck_assert(check_source("/* no block */ int x;", &L, msg, sizeof msg) != 0);
}
END_TEST

int main(void)
{
    int n = 0, ns = 0, nf = 0;
    while (optref_algorithms[n])
        n++;
    while (optref_flavors[nf])
        nf++;
    while (optref_schedules[ns])
        ns++;
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("pseudocode_tags");
    tcase_add_loop_test(tc, algorithm_file, 0, n);
    tcase_add_loop_test(tc, flavor_file, 0, nf);
    tcase_add_loop_test(tc, schedule_file, 0, ns);
    tcase_add_test(tc, checker_rejects);
    suite_add_tcase(s, tc);
    return tu_main(s);
}

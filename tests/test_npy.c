/* Suite npy: the .npy reader (ref/oracle/npy.c) on files built here byte by
 * byte from NumPy's format description (NEP 1, numpy.lib.format), with values
 * whose bit patterns are decoded by hand (IEEE 754 binary32/16, bfloat16),
 * and the bad-input catalogue: each bad file must be refused with one line
 * naming the file and, where there is one, the header field. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "npy.h"
#include "testutil.h"

static char dir[64];

/* Magic, version, header length, the header + '\n', then the data. */
static const char *write_npy(const char *name, int major, const char *header, const void *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    size_t hl = strlen(header) + 1;
    unsigned char pre[12] = { 0x93, 'N', 'U', 'M', 'P', 'Y', (unsigned char)major, 0, (unsigned char)(hl & 255),
                              (unsigned char)(hl >> 8), 0, 0 };
    fwrite(pre, 1, major >= 2 ? 12 : 10, f);
    fprintf(f, "%s\n", header);
    if (len)
        fwrite(data, 1, len, f);
    fclose(f);
    return path;
}

/* Opens path; returns the status and leaves the error in err. */
static optref_status open_it(optref_npy *a, const char *path, int bf16, char *err, size_t len)
{
    err[0] = '\0';
    optref_status st = optref_npy_open(a, path, bf16, err, len);
    if (st != OPTREF_SUCCESS)
        optref_npy_close(a);
    return st;
}

START_TEST(binary32_c_order)
{
    /* 1, −2.5, 2^−149, +inf, 0x1.555556p−2, −0 (little-endian words) */
    const uint32_t w[6] = { 0x3F800000u, 0xC0200000u, 0x00000001u, 0x7F800000u, 0x3EAAAAABu, 0x80000000u };
    unsigned char b[24];
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 4; k++)
            b[4 * i + k] = (unsigned char)(w[i] >> (8 * k));
    const char *p = write_npy("f4.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", b, 24);
    optref_npy a;
    char err[512];
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.fmt == &optref_binary32 && a.ndim == 2 && a.shape[0] == 2 && a.shape[1] == 3 && a.count == 6);
    double v[6];
    ck_assert(optref_npy_read(&a, 0, 6, v, err, sizeof err) == OPTREF_SUCCESS);
    ck_assert(v[0] == 1 && v[1] == -2.5 && v[2] == 0x1p-149 && v[3] == INFINITY && v[4] == 0x1.555556p-2);
    ck_assert(v[5] == 0 && signbit(v[5]));
    ck_assert(optref_npy_read(&a, 3, 2, v, err, sizeof err) == OPTREF_SUCCESS); /* a slice */
    ck_assert(v[0] == INFINITY && v[1] == 0x1.555556p-2);
    ck_assert(optref_npy_read(&a, 5, 2, v, err, sizeof err) == OPTREF_EDIM);
    optref_npy_close(&a);
}
END_TEST

START_TEST(binary16_and_bfloat16)
{
    /* binary16: 1, −2, 2^−24 (smallest subnormal), 65504 (largest), NaN */
    const unsigned char h[] = { 0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0xFF, 0x7B, 0x00, 0x7E };
    const char *p = write_npy("f2.npy", 2, "{'descr': '<f2', 'fortran_order': False, 'shape': (5,), }", h, 10);
    optref_npy a;
    char err[512];
    double v[5];
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.major == 2 && a.fmt == &optref_binary16);
    ck_assert(optref_npy_read(&a, 0, 5, v, err, sizeof err) == OPTREF_SUCCESS);
    ck_assert(v[0] == 1 && v[1] == -2 && v[2] == 0x1p-24 && v[3] == 65504 && isnan(v[4]));
    optref_npy_close(&a);
    /* bfloat16: 1 (0x3F80), π rounded to 8 bits 3.140625 (0x4049), −inf (0xFF80) */
    const unsigned char bf[] = { 0x80, 0x3F, 0x49, 0x40, 0x80, 0xFF };
    p = write_npy("bf.npy", 3, "{'descr': 'bfloat16', 'fortran_order': False, 'shape': (3,), }", bf, 6);
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.major == 3 && a.fmt == &optref_bfloat16);
    ck_assert(optref_npy_read(&a, 0, 3, v, err, sizeof err) == OPTREF_SUCCESS);
    ck_assert(v[0] == 1 && v[1] == 3.140625 && v[2] == -INFINITY);
    optref_npy_close(&a);
    /* '<u2' and '|V2' hold bfloat16 only when the caller says so */
    p = write_npy("u2.npy", 1, "{'descr': '<u2', 'fortran_order': False, 'shape': (3,), }", bf, 6);
    ck_assert(open_it(&a, p, 0, err, sizeof err) == OPTREF_EFORMAT);
    ck_assert_msg(strstr(err, "u2.npy") && strstr(err, "'descr'") && strstr(err, "--dtype bf16"), "%s", err);
    ck_assert_msg(open_it(&a, p, 1, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(optref_npy_read(&a, 1, 1, v, err, sizeof err) == OPTREF_SUCCESS && v[0] == 3.140625);
    optref_npy_close(&a);
    p = write_npy("v2.npy", 1, "{'descr': '|V2', 'fortran_order': False, 'shape': (3,), }", bf, 6);
    ck_assert_msg(open_it(&a, p, 1, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    optref_npy_close(&a);
}
END_TEST

START_TEST(binary64_fortran_and_shapes)
{
    double d[2] = { 0.1, -0x1p-1074 };
    const char *p = write_npy("f8.npy", 1, "{'fortran_order': True, 'shape': (2, 1), 'descr': '<f8'}", d, 16);
    optref_npy a;
    char err[512], idx[64];
    double v[2];
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.fortran == 1 && a.fmt == &optref_binary64);
    ck_assert(optref_npy_read(&a, 0, 2, v, err, sizeof err) == OPTREF_SUCCESS && v[0] == 0.1 && v[1] == -0x1p-1074);
    optref_npy_close(&a);
    const size_t sh[3] = { 2, 3, 4 };
    optref_npy_index(sh, 3, 0, 23, idx, sizeof idx); /* C order: 23 = 1·12 + 2·4 + 3 */
    ck_assert_str_eq(idx, "1,2,3");
    optref_npy_index(sh, 3, 0, 5, idx, sizeof idx);
    ck_assert_str_eq(idx, "0,1,1");
    optref_npy_index(sh, 3, 1, 1, idx, sizeof idx); /* Fortran: the first index runs fastest */
    ck_assert_str_eq(idx, "1,0,0");
    optref_npy_index(sh, 3, 1, 7, idx, sizeof idx); /* 7 = 1 + 2·0 + 6·1 */
    ck_assert_str_eq(idx, "1,0,1");
    p = write_npy("scalar.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", d, 8);
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.ndim == 0 && a.count == 1);
    optref_npy_close(&a);
    p = write_npy("empty.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", d, 0);
    ck_assert_msg(open_it(&a, p, 0, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert(a.count == 0);
    optref_npy_close(&a);
}
END_TEST

/* The bad-input catalogue: header, what the error must say. */
static const struct {
    const char *header;
    const char *says;
} bad_headers[] = {
    { "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", "header field 'descr': '>f4' is big-endian" },
    { "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype '<i4'" },
    { "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", "structured dtype" },
    { "{'descr': '<f4', 'fortran_order': False, }", "header field 'shape' missing" },
    { "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "'descr' appears twice" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'foo': 1}", "unknown header field 'foo'" },
    { "{'descr': '<f4', 'fortran_order': maybe, 'shape': (1,), }", "'fortran_order': expected True or False" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "'shape': expected a whole number" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", "overflows" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }", "more values" },
    { "{'descr': '<f4' 'fortran_order': False, 'shape': (1,), }", "expected ',' or '}'" },
    { "['descr', '<f4']", "expected a dict literal" },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x", "bytes after the dict literal" },
    { "{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", "header" },
    { "{'shap", "unterminated string" }, /* the header's newline is quoted: the error stays one line */
};

START_TEST(bad_header)
{
    char err[512], name[32];
    const float one = 1;
    optref_npy a;
    snprintf(name, sizeof name, "bad%d.npy", _i);
    const char *p = write_npy(name, 1, bad_headers[_i].header, &one, 4);
    ck_assert(open_it(&a, p, 0, err, sizeof err) != OPTREF_SUCCESS);
    ck_assert_msg(strstr(err, name) && strstr(err, bad_headers[_i].says) && !strchr(err, '\n'),
                  "header %s: error '%s' does not say '%s'", bad_headers[_i].header, err, bad_headers[_i].says);
}
END_TEST

START_TEST(bad_file)
{
    char err[512], path[128];
    const float v[3] = { 1, 2, 3 };
    optref_npy a;
    const char *h = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    ck_assert(open_it(&a, write_npy("short.npy", 1, h, v, 11), 0, err, sizeof err) == OPTREF_EFORMAT);
    ck_assert_msg(strstr(err, "short.npy: truncated data: shape (3,) of f32 needs 12 bytes") != NULL, "%s", err);
    ck_assert(open_it(&a, write_npy("long.npy", 1, h, v, 12), 0, err, sizeof err) == OPTREF_SUCCESS);
    optref_npy_close(&a);
    snprintf(path, sizeof path, "%s", write_npy("long.npy", 1, h, v, 12));
    FILE *f = fopen(path, "ab");
    fputc(0, f);
    fclose(f);
    ck_assert(open_it(&a, path, 0, err, sizeof err) == OPTREF_EFORMAT);
    ck_assert_msg(strstr(err, "long.npy: bytes after the data") != NULL, "%s", err);
    const char *p = write_npy("magic.npy", 1, h, v, 12);
    f = fopen(p, "r+b");
    fputc('x', f);
    fclose(f);
    ck_assert(open_it(&a, p, 0, err, sizeof err) == OPTREF_EFORMAT && strstr(err, "magic.npy: not a .npy file"));
    ck_assert(open_it(&a, write_npy("v4.npy", 4, h, v, 12), 0, err, sizeof err) == OPTREF_EFORMAT);
    ck_assert_msg(strstr(err, "v4.npy: .npy format version 4.0") != NULL, "%s", err);
    snprintf(path, sizeof path, "%s/hdr.npy", dir); /* a header length past the end of the file */
    f = fopen(path, "wb");
    fwrite("\x93NUMPY\x01\x00\xff\x7f", 1, 10, f);
    fclose(f);
    ck_assert(open_it(&a, path, 0, err, sizeof err) == OPTREF_EFORMAT && strstr(err, "hdr.npy: truncated"));
    f = fopen(path, "wb"); /* a header not ended by a newline */
    fwrite("\x93NUMPY\x01\x00\x03\x00{} ", 1, 13, f);
    fclose(f);
    ck_assert(open_it(&a, path, 0, err, sizeof err) == OPTREF_EFORMAT && strstr(err, "not ended by a newline"));
    ck_assert(open_it(&a, "/nonexistent/x.npy", 0, err, sizeof err) == OPTREF_EIO && strstr(err, "/nonexistent/x.npy"));
}
END_TEST

static void setup_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/optref-npy-XXXXXX");
    ck_assert(mkdtemp(dir) != NULL);
}

static void teardown_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert(system(cmd) == 0);
}

int main(void)
{
    Suite *s = suite_create("npy");
    TCase *tc = tcase_create("npy");
    tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
    tcase_add_test(tc, binary32_c_order);
    tcase_add_test(tc, binary16_and_bfloat16);
    tcase_add_test(tc, binary64_fortran_and_shapes);
    tcase_add_loop_test(tc, bad_header, 0, (int)OPTREF_COUNT(bad_headers));
    tcase_add_test(tc, bad_file);
    suite_add_tcase(s, tc);
    return tu_main(s);
}

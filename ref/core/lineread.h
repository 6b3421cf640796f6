/* lineread.h: the one line reader of every text input (candidate CSV, case
 * specs, TOLERANCES, and any reader added later).  Not installed.
 *
 * It reads in chunks of 64 KiB and stops AT its limit: a line longer than
 * `max` bytes is refused as soon as max + 1 bytes of it are seen, so memory is
 * bounded by the limit and the chunk, never by the input (a file with no
 * newline, /dev/zero).  A NUL byte, a UTF-8 byte order mark at the start,
 * and a read error are refused too; every error is one line
 * "path:line[:column]: what", with invisible bytes shown as \xHH.
 *
 *     optref_lines rd;
 *     if (optref_lines_open(&rd, path, OPTREF_LINE_MAX, err, errlen) != 0) ...
 *     while ((got = optref_lines_next(&rd, &line, &len, err, errlen)) > 0) ...
 *     optref_lines_close(&rd);     // got < 0: err says why
 *
 * "-" is standard input (named "<stdin>" in messages). */
#ifndef OPTREF_LINEREAD_H
#define OPTREF_LINEREAD_H

#include <stddef.h>
#include <stdio.h>

#define OPTREF_LINE_MAX ((size_t)1 << 20) /* 1 MiB: the limit of every reader */

typedef struct {
    FILE *f;
    const char *path;  /* as given; "<stdin>" for "-" */
    size_t max;        /* longest line accepted, without its end of line */
    char *chunk;       /* the read buffer */
    size_t pos, fill;
    char *line;        /* the current line, NUL-terminated */
    size_t cap;
    long lineno;       /* of the line last returned */
    double bytes;      /* bytes consumed */
    int eof;
    int own;           /* 1: opened here, closed by optref_lines_close */
} optref_lines;

/* Opens path ("-": standard input); 0, or -1 with err "path: reason". */
int optref_lines_open(optref_lines *rd, const char *path, size_t max, char *err, size_t errlen);
/* Reads from an open stream (not closed by optref_lines_close); for tests
 * and fuzzers that read from memory (fmemopen). */
void optref_lines_from(optref_lines *rd, FILE *f, const char *name, size_t max);
/* The next line without its "\n" or "\r\n": 1, 0 at end of input, -1 on
 * error (err set). The line stays valid until the next call. */
int optref_lines_next(optref_lines *rd, char **line, size_t *len, char *err, size_t errlen);
void optref_lines_close(optref_lines *rd);

/* Splits a CSV line on commas in place, trimming blanks and tabs around
 * each field; stores at most max field pointers and returns the count of
 * all fields (the caller compares it with the header's). */
size_t optref_csv_split(char *line, char **fields, size_t max);

/* s (at most n bytes, or up to its NUL if n is (size_t)-1) quoted for a
 * message: printable ASCII as is, other bytes as \xHH, cut at about max
 * output bytes with "...". Returns dst. */
char *optref_visible(char *dst, size_t dstlen, const char *s, size_t n);

/* An error message made one visible line in place (bytes outside printable
 * ASCII as \xHH): what public parsers do before returning. */
void optref_err_visible(char *err, size_t errlen);

#endif

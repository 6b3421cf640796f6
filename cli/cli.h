/* cli.h: what the commands of the optref program share (cli/common.c).
 * Exit status: 0 success, 1 a comparison found differences, 2 bad usage or
 * bad input (one line on stderr saying which argument and why). */
#ifndef OPTREF_CLI_H
#define OPTREF_CLI_H

#include <stddef.h>
#include <stdio.h>

#define EXIT_MISMATCH 1
#define EXIT_USAGE 2

/* "optref CMD: ..." on stderr; returns EXIT_USAGE. */
int die(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int is_help(const char *arg);
int is_dir(const char *path);
/* golden/cases.in of the source tree the program was built from, whatever
 * the current directory (a file there never shadows it). */
const char *default_spec(void);
/* Whether two files hold the same bytes (streamed); -1 if a cannot be read. */
int same_file(const char *a, const char *b);

/* Whether two paths name the same file (neither "-"). */
int same_inode(const char *a, const char *b);
/* Why an output path is refused: it is one of the n inputs (NULL entries
 * skipped), a directory, or, without force, an existing file; NULL if not. */
const char *output_refused(const char *path, int force, const char *const *inputs, size_t n, char *buf,
                           size_t len);
/* Writes go to a temporary file beside path (tmp, from mkstemp), renamed
 * into place by out_commit (which closes f; -1 with errno on failure). */
FILE *out_begin(const char *path, char *tmp, size_t len);
int out_commit(FILE *f, const char *tmp, const char *path);

int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_regen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_xavier(int argc, char **argv);
int cmd_verify_step(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif

/* vstep_rows_cli.h: verify-step --rows FILE (cli/vstep_rows_cli.c). */
#ifndef OPTREF_VSTEP_ROWS_CLI_H
#define OPTREF_VSTEP_ROWS_CLI_H

#include "vstep.h"

typedef struct {
    char dir[4096], before[4200], after[4200];
    char algorithm[140];
    char **items;
    size_t nitems;
} vs_rows_tmp;

/* Reads rows t − 1 and t of path into tmp's .npy directories and points o at
 * them (and, from a golden file, o's algorithm and items); 0 or EXIT_USAGE. */
int vstep_rows_prepare(const char *path, optref_vsopts *o, vs_rows_tmp *tmp);
void vstep_rows_cleanup(vs_rows_tmp *tmp);

#endif

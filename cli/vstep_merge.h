/* vstep_merge.h: `optref verify-step --merge` (vstep_merge.c) and the check of
 * a shard report's shape before it is merged (vstep_merge_check.c). */
#ifndef OPTREF_CLI_VSTEP_MERGE_H
#define OPTREF_CLI_VSTEP_MERGE_H

#include <jansson.h>

/* Merges the shard reports paths[0..n) (writes the merged one to out if not NULL); an exit status. */
int vstep_merge(int n, const char *const *paths, const char *out);
/* 0 when r has every member --merge reads, of its type; else one line on stderr and EXIT_USAGE. */
int vstep_merge_check(const json_t *r, const char *path);

#endif

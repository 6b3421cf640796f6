/* clirun.h: run the optref executable as a user does, capturing its output. */
#ifndef OPTREF_CLIRUN_H
#define OPTREF_CLIRUN_H

typedef struct {
    int status;
    char out[1 << 16], err[1 << 12];
} cli_result;

/* Runs $OPTREF_EXE with args (NULL-terminated); the result is static. */
cli_result *cli(const char *const *args);
#define CLI(...) cli((const char *const[]){ __VA_ARGS__, NULL })
int count_lines(const char *s);
/* When set, the path the next runs read as standard input. */
extern const char *cli_stdin;

#endif

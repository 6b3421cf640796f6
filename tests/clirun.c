#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clirun.h"

const char *cli_stdin;

static void slurp_fd(int fd, char *buf, size_t len)
{
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, len - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
}

cli_result *cli(const char *const *args)
{
    static cli_result r;
    const char *exe = getenv("OPTREF_EXE");
    ck_assert_msg(exe != NULL, "OPTREF_EXE not set");
    char o[] = "/tmp/optref-cli-outXXXXXX", e[] = "/tmp/optref-cli-errXXXXXX";
    int fo = mkstemp(o), fe = mkstemp(e);
    ck_assert(fo >= 0 && fe >= 0);
    unlink(o);
    unlink(e);
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        const char *argv[64] = { exe };
        int k = 1;
        for (; args[k - 1] && k < 63; k++)
            argv[k] = args[k - 1];
        argv[k] = NULL;
        if (cli_stdin && freopen(cli_stdin, "rb", stdin) == NULL)
            _exit(126);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    slurp_fd(fo, r.out, sizeof r.out);
    slurp_fd(fe, r.err, sizeof r.err);
    return &r;
}

int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The SMTP test server: a child process running smtp_sink.py. */
#include "smtp_rig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ck_test.h"

bool ck_smtp_rig_start(ck_smtp_rig *rig, const char *dir, int port, const char *const *args)
{
    char ready[4200], script[4096], portarg[16];
    const char *python = ck_test_python("aiosmtpd");
    memset(rig, 0, sizeof *rig);
    if (!python) {
        ck_test_fail(__FILE__, __LINE__, "no python3 with aiosmtpd (python3-aiosmtpd)");
        return false;
    }
    snprintf(rig->dir, sizeof rig->dir, "%s", dir);
    mkdir(dir, 0700);
    snprintf(ready, sizeof ready, "%s/ready", dir);
    unlink(ready);
    snprintf(script, sizeof script, "%s/tests/support/smtp_sink.py", ck_test_source_dir());
    snprintf(portarg, sizeof portarg, "%d", port);
    const char *argv[32] = {python, script, "--dir", dir, "--ready", ready};
    int n = 6;
    if (port > 0) {
        argv[n++] = "--port";
        argv[n++] = portarg;
    }
    for (size_t i = 0; args && args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        freopen("/dev/null", "r", stdin);
        char log[4200];
        snprintf(log, sizeof log, "%s/sink.log", dir);
        freopen(log, "a", stderr);
        execv(python, (char *const *)argv);
        execvp(python, (char *const *)argv);
        _exit(127);
    }
    rig->pid = pid;
    for (int waited = 0; waited < 10000; waited += 20) {
        char *text = ck_test_read_file(ready, NULL);
        if (text) {
            rig->port = atoi(text);
            free(text);
            snprintf(rig->url, sizeof rig->url, "smtp://127.0.0.1:%d", rig->port);
            return rig->port > 0;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            rig->pid = 0;
            ck_test_fail(__FILE__, __LINE__, "the SMTP server stopped at once (see %s/sink.log)",
                         dir);
            return false;
        }
        usleep(20000);
    }
    ck_smtp_rig_stop(rig);
    ck_test_fail(__FILE__, __LINE__, "the SMTP server did not come up in 10 s");
    return false;
}

void ck_smtp_rig_stop(ck_smtp_rig *rig)
{
    if (!rig->pid)
        return;
    kill(rig->pid, SIGTERM);
    int status;
    while (waitpid(rig->pid, &status, 0) < 0 && errno == EINTR)
        ;
    rig->pid = 0;
}

int ck_smtp_rig_down(ck_smtp_rig *rig)
{
    ck_smtp_rig_stop(rig);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons((uint16_t)rig->port)};
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Without SO_REUSEADDR: with it, Linux lets another socket that sets it too (PostgreSQL
     * does) bind the port and listen beside one that does not listen. */
    if (fd < 0 || bind(fd, (struct sockaddr *)&at, sizeof at) != 0) {
        ck_test_fail(__FILE__, __LINE__, "cannot keep port %d while the server is down: %s",
                     rig->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int ck_smtp_rig_count(const ck_smtp_rig *rig)
{
    int n = 0;
    for (;; n++) {
        char path[4200];
        struct stat sb;
        snprintf(path, sizeof path, "%s/msg-%d.eml", rig->dir, n + 1);
        if (stat(path, &sb) != 0)
            return n;
    }
}

char *ck_smtp_rig_message(const ck_smtp_rig *rig, int n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/msg-%d.eml", rig->dir, n);
    return ck_test_read_file(path, NULL);
}
